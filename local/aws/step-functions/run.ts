import { ExecutionError, StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { allStates, type AslDefinition } from './definition.js';
import type { LocalHandler } from './handlers.js';

type Overrides = NonNullable<RunOptions['overrides']>;
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** `$$.StateMachine.Id` of every local execution (its executions' ids are `…:execution:kiro-activity-pipeline:<name>`). */
export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:kiro-activity-pipeline';

/** The state-level events of an execution, as an operator reads them in the console history. */
export interface HistoryEvent {
  type: 'StateEntered' | 'StateExited' | 'StateFailed' | 'StateRetried' | 'StateCaught';
  state: string;
  /** ISO-8601 time the event happened. */
  timestamp: string;
  /** Position of the Map item whose iteration produced the event. */
  mapIndex?: number;
  error?: string;
  cause?: unknown;
}

/** How a local execution ended. */
export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
}

/** What to run: the execution input, the local stand-ins for Task states, and the execution's identity. */
export interface LocalExecution {
  input: unknown;
  /** Task state name → what runs instead of its AWS resource. Every Task state reached needs one. */
  handlers: Readonly<Record<string, LocalHandler>>;
  executionName: string;
  /** Defaults to a made-up ARN ending in the execution name. */
  executionId?: string;
  /** Milliseconds between retries; the definition's intervals would make runs slow. */
  retryIntervalMs?: number;
  /** Called as each history event happens, with the state's output when it exits. */
  onEvent?: (event: HistoryEvent, output?: unknown) => void;
}

/**
 * Runs a definition with aws-local-stepfunctions: Wait states do not wait, retries pause briefly
 * (difference `no-waiting`, local/aws/differences.ts),
 * and the state history is collected. Validate the definition first (`validateDefinition`).
 *
 * @throws Whatever ends the run other than a state machine failure (e.g. a bug in the interpreter).
 */
export async function runLocally(definition: AslDefinition, execution: LocalExecution): Promise<ExecutionOutcome> {
  const states = allStates(definition);
  const waitTimeOverrides = Object.fromEntries(states.filter(([, s]) => s.Type === 'Wait').map(([name]) => [name, 0]));
  const retryIntervalOverrides = Object.fromEntries(
    states.filter(([, s]) => s.Retry !== undefined).map(([name]) => [name, execution.retryIntervalMs ?? 1]),
  );
  // The interpreter's own check repeats validateDefinition and costs seconds per run.
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  const run = machine.run(execution.input as never, {
    overrides: {
      taskResourceLocalHandlers: execution.handlers as Overrides['taskResourceLocalHandlers'],
      waitTimeOverrides,
      retryIntervalOverrides,
    },
    context: {
      Execution: {
        Id:
          execution.executionId ??
          `arn:aws:states:us-east-1:111122223333:execution:kiro-activity-pipeline:${execution.executionName}`,
        Name: execution.executionName,
        // The interpreter sets Execution.Input and Execution.StartTime itself.
      },
      // The interpreter sets no StateMachine context; ListRunningExecutions reads its Id.
      StateMachine: { Id: LOCAL_STATE_MACHINE_ARN, Name: 'kiro-activity-pipeline' },
    },
  });
  const events = collectHistory(run.eventLogs, execution.onEvent);
  try {
    const output = await run.result;
    return { status: 'SUCCEEDED', output, events: await events };
  } catch (error) {
    if (!(error instanceof ExecutionError) || !(error.cause instanceof Error)) throw error;
    return { status: 'FAILED', error: error.cause.name, cause: error.cause.message, events: await events };
  }
}

async function collectHistory(
  logs: AsyncGenerator<EventLog>,
  onEvent: LocalExecution['onEvent'],
): Promise<HistoryEvent[]> {
  const history: HistoryEvent[] = [];
  for await (const event of logs) {
    const entry = toHistoryEvent(event);
    if (!entry) continue;
    history.push(entry);
    onEvent?.(entry, event.type === 'StateExited' ? event.state.output : undefined);
  }
  return history;
}

function toHistoryEvent(event: EventLog): HistoryEvent | undefined {
  switch (event.type) {
    case 'StateEntered':
    case 'StateExited':
    case 'StateRetried':
    case 'StateCaught':
      return { type: event.type, state: event.state.name, timestamp: iso(event.timestamp), ...mapIndex(event.index) };
    case 'StateFailed':
      return {
        type: event.type,
        state: event.state.name,
        timestamp: iso(event.timestamp),
        ...mapIndex(event.index),
        error: event.Error,
        cause: event.Cause,
      };
    default:
      return undefined;
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function mapIndex(index: number | undefined): Pick<HistoryEvent, 'mapIndex'> {
  return index === undefined ? {} : { mapIndex: index };
}
