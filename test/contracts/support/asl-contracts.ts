/**
 * Contract checks of a JSONPath state machine definition against AWS's API models.
 *
 * For every Task (inside Map iterators too) whose Resource is a service integration:
 * - `action`: the resource names an operation of the service's model;
 * - `parameter`/`required`/`enum`/`type`: Parameters as a request of the operation's input
 *   (see parameters.ts);
 * - `error-name`: every Retry/Catch ErrorEquals name is `States.<documented>`, an error of a
 *   service the state calls (itself, or the Tasks inside a Map/Parallel), or a name a Fail state
 *   or a Lambda function inside it can raise;
 * - `result-path`: every path read from a result exists in its shape.
 *
 * The result paths are followed through the state flow by an abstract interpretation: each
 * state's input is a type (the model shape of a result, an object the definition builds with
 * Parameters/ResultSelector/ItemSelector/Result, a Catch's error object, or unknown), joined over
 * every way into the state (loops run to a fixpoint). Reads are then checked once per state with
 * its final input: ItemsPath, InputPath, OutputPath, Parameters and ItemSelector `.$` paths and the
 * path arguments of intrinsic functions, ResultSelector paths (against the result), Choice
 * Variables and `…Path` operands, Fail ErrorPath/CausePath. A read fails when it names a member
 * a model shape lacks (exact casing) or a field that no way into the state sets. Choice
 * comparisons on a model member are checked by type (String*, Numeric*, Boolean*, Timestamp*),
 * and StringEquals on an enum member against the enum's values (`enum`).
 *
 * Not covered: JSONata states, Variables/Assign, array slices, filters and wildcards in paths
 * (they read as unknown), whether an optional member is tested with IsPresent before it is
 * read, what a Lambda function returns (its Payload is JSON of unknown shape), Distributed Map
 * ItemReader/ResultWriter.
 */
import { memberNamed, memberNames, spell, type EnumInfo, type MemberNaming, type Shape } from './aws-models.js';
import { isUnresolved, resolveIntegration, STATES_ERRORS, type Integration } from './integrations.js';
import { checkRequest } from './parameters.js';

export type FindingKind = 'action' | 'parameter' | 'required' | 'enum' | 'type' | 'error-name' | 'result-path' | 'not-covered';

export interface Finding {
  /** The state, with the Map/Parallel around it: `Crawl/GetCrawler`. */
  readonly state: string;
  readonly kind: FindingKind;
  readonly message: string;
}

/** `state [kind] message`: one line per finding. */
export function formatFinding(finding: Finding): string {
  return `${finding.state} [${finding.kind}] ${finding.message}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What a value in the state is known to be. */
type Type =
  | { readonly t: 'unknown' }
  | {
      readonly t: 'model';
      readonly shape: Shape;
      /** `Glue GetCrawler output`, for messages. */
      readonly origin: string;
      readonly naming: MemberNaming;
      readonly enum?: EnumInfo;
      /** Members the integration adds to the model's (Lambda's SdkHttpMetadata). */
      readonly extra?: readonly string[];
    }
  | { readonly t: 'object'; readonly fields: ReadonlyMap<string, Field>; readonly open: boolean }
  | {
      readonly t: 'value';
      readonly kind: 'string' | 'number' | 'boolean' | 'null' | 'array' | 'json';
      /** A Catch's `Error`: the names its ErrorEquals lets through (absent: any name). */
      readonly errorNames?: readonly string[];
    };

interface Field {
  readonly type: Type;
  /** Set on some ways into the state only. */
  readonly optional: boolean;
}

const UNKNOWN: Type = { t: 'unknown' };
const JSON_VALUE: Type = { t: 'value', kind: 'json' };

function object(fields: Record<string, Type>, open = false, optional: string[] = []): Type {
  return { t: 'object', fields: new Map(Object.entries(fields).map(([name, type]) => [name, { type, optional: optional.includes(name) }])), open };
}

/** A Catch's error output: Error always, Cause not always (e.g. States.Timeout). */
function errorOutput(errorEquals: readonly string[]): Type {
  const any = errorEquals.some((name) => CATCH_ALL.has(name));
  const error: Type = any ? { t: 'value', kind: 'string' } : { t: 'value', kind: 'string', errorNames: [...errorEquals].sort() };
  return object({ Error: error, Cause: { t: 'value', kind: 'string' } }, false, ['Cause']);
}

/** Names that catch every error a Task or Map reports (States.TaskFailed all but States.Timeout). */
const CATCH_ALL: ReadonlySet<string> = new Set(['States.ALL', 'States.TaskFailed']);

function sameType(a: Type, b: Type): boolean {
  return typeKey(a) === typeKey(b);
}

const shapeIds = new WeakMap<object, number>();
let shapeCount = 0;
function shapeId(shape: Shape): number {
  let id = shapeIds.get(shape);
  if (id === undefined) shapeIds.set(shape, (id = ++shapeCount));
  return id;
}

function typeKey(type: Type): string {
  switch (type.t) {
    case 'unknown':
      return '?';
    case 'value':
      return type.errorNames ? `${type.kind}<${type.errorNames.join('|')}>` : type.kind;
    case 'model':
      return `model#${shapeId(type.shape)}:${type.naming}:${type.enum?.name ?? ''}:${type.extra?.join(',') ?? ''}`;
    case 'object':
      return `{${[...type.fields].map(([name, field]) => `${name}${field.optional ? '?' : ''}:${typeKey(field.type)}`).join(',')}${type.open ? ',…' : ''}}`;
  }
}

function join(a: Type | undefined, b: Type): Type {
  if (!a) return b;
  if (sameType(a, b)) return a;
  if (a.t === 'object' && b.t === 'object') {
    const fields = new Map<string, Field>();
    for (const [name, field] of a.fields) {
      const other = b.fields.get(name);
      fields.set(name, other ? { type: join(field.type, other.type), optional: field.optional || other.optional } : { type: field.type, optional: true });
    }
    for (const [name, field] of b.fields) if (!a.fields.has(name)) fields.set(name, { type: field.type, optional: true });
    return { t: 'object', fields, open: a.open || b.open };
  }
  if (a.t === 'value' && b.t === 'value') {
    if (a.kind !== b.kind) return JSON_VALUE;
    if (!a.errorNames || !b.errorNames) return { t: 'value', kind: a.kind };
    return { t: 'value', kind: a.kind, errorNames: [...new Set([...a.errorNames, ...b.errorNames])].sort() };
  }
  return UNKNOWN;
}

type Segment = { readonly name: string } | { readonly index: number };

/** `$.a.b[0]['c']` → segments; `undefined` for what the checker does not follow (`[*]`, filters, slices). */
function parsePath(path: string): Segment[] | undefined {
  if (path === '$') return [];
  if (!path.startsWith('$')) return undefined;
  const segments: Segment[] = [];
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['([^']+)'\]|\["([^"]+)"\]/y;
  let offset = 1;
  while (offset < path.length) {
    pattern.lastIndex = offset;
    const match = pattern.exec(path);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push({ name: match[1] });
    else if (match[2] !== undefined) segments.push({ index: Number(match[2]) });
    else segments.push({ name: (match[3] ?? match[4])! });
    offset = pattern.lastIndex;
  }
  return segments;
}

function showPath(segments: readonly Segment[], upTo = segments.length): string {
  return `$${segments
    .slice(0, upTo)
    .map((s) => ('name' in s ? `.${s.name}` : `[${s.index}]`))
    .join('')}`;
}

interface Context {
  readonly state: string;
  readonly report: (kind: FindingKind, message: string) => void;
  /** What `$$.Map.Item.Value` is inside a Map iterator's ItemSelector. */
  readonly mapItem?: Type;
}

function describeType(type: Type): string {
  switch (type.t) {
    case 'model':
      return type.shape.kind === 'structure' ? type.shape.name : `a ${type.shape.kind}`;
    case 'object':
      return `an object with ${[...type.fields.keys()].join(', ') || 'no fields'}`;
    case 'value':
      return `a ${type.kind}`;
    default:
      return 'unknown';
  }
}

/** The type at `path` in `root`, reporting the first segment that cannot exist. */
function read(root: Type, path: string, where: string, context: Context): Type {
  if (path.startsWith('$$')) return contextRead(path, context);
  const segments = parsePath(path);
  if (!segments) return UNKNOWN;
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const fail = (why: string): Type => {
      context.report('result-path', `${where} reads ${path}, but ${showPath(segments, i)} ${why}`);
      return UNKNOWN;
    };
    if (current.t === 'unknown') return UNKNOWN;
    if (current.t === 'value') {
      if (current.kind === 'json' || (current.kind === 'array' && 'index' in segment)) return UNKNOWN;
      return fail(`is a ${current.kind}`);
    }
    if (current.t === 'object') {
      if (!('name' in segment)) return current.open ? UNKNOWN : fail(`is ${describeType(current)}, not a list`);
      const field = current.fields.get(segment.name);
      if (!field) return current.open ? UNKNOWN : fail(`is ${describeType(current)}: no state on the way here sets ${segment.name}`);
      current = field.type;
      continue;
    }
    const shape = current.shape;
    if (shape.kind === 'structure') {
      if (!('name' in segment)) return fail(`is the structure ${shape.name}, not a list`);
      const member = memberNamed(shape, segment.name, current.naming);
      if (!member) {
        if (current.extra?.includes(segment.name)) return UNKNOWN;
        const names = memberNames(shape, current.naming);
        const same = names.find((name) => name.toLowerCase() === segment.name.toLowerCase());
        return fail(`(${current.origin}: ${shape.name}) has no member ${segment.name}${same ? ` (the model spells it ${same})` : ''}; it has ${names.join(', ')}`);
      }
      current = { t: 'model', shape: member.target(), origin: current.origin, naming: current.naming, ...(member.enum ? { enum: member.enum } : {}) };
      continue;
    }
    if (shape.kind === 'list') {
      if (!('index' in segment)) return fail(`is a list (${current.origin})`);
      current = { t: 'model', shape: shape.member(), origin: current.origin, naming: current.naming, ...(current.enum ? { enum: current.enum } : {}) };
      continue;
    }
    if (shape.kind === 'map') {
      current = { t: 'model', shape: shape.value(), origin: current.origin, naming: current.naming, ...(current.enum ? { enum: current.enum } : {}) };
      continue;
    }
    if (shape.kind === 'document') return UNKNOWN;
    return fail(`is a ${shape.kind} (${current.origin})`);
  }
  return current;
}

function contextRead(path: string, context: Context): Type {
  if (path === '$$.Map.Item.Value' && context.mapItem) return context.mapItem;
  if (path.startsWith('$$.Map.Item.Value') && context.mapItem) return read(context.mapItem, `$${path.slice('$$.Map.Item.Value'.length)}`, `$$.Map.Item.Value`, context);
  if (path === '$$.Map.Item.Index') return { t: 'value', kind: 'number' };
  return UNKNOWN;
}

const INTRINSIC_RESULTS: Record<string, Type> = {
  'States.Format': { t: 'value', kind: 'string' },
  'States.JsonToString': { t: 'value', kind: 'string' },
  'States.UUID': { t: 'value', kind: 'string' },
  'States.Base64Encode': { t: 'value', kind: 'string' },
  'States.Base64Decode': { t: 'value', kind: 'string' },
  'States.Hash': { t: 'value', kind: 'string' },
  'States.MathAdd': { t: 'value', kind: 'number' },
  'States.MathRandom': { t: 'value', kind: 'number' },
  'States.ArrayLength': { t: 'value', kind: 'number' },
  'States.ArrayContains': { t: 'value', kind: 'boolean' },
  'States.Array': { t: 'value', kind: 'array' },
  'States.ArrayPartition': { t: 'value', kind: 'array' },
  'States.ArrayRange': { t: 'value', kind: 'array' },
  'States.ArrayUnique': { t: 'value', kind: 'array' },
  'States.StringSplit': { t: 'value', kind: 'array' },
};

/** The value of a `.$` field: a path, or an intrinsic function whose path arguments are read. */
function evaluate(expression: string, input: Type, where: string, context: Context): Type {
  const intrinsic = /^(States\.[A-Za-z0-9]+)\(/.exec(expression);
  if (!intrinsic) return read(input, expression, where, context);
  const withoutStrings = expression.replace(/'(?:\\.|[^'\\])*'/g, "''");
  for (const match of withoutStrings.matchAll(/\$\$?(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*/g)) {
    read(input, match[0], where, context);
  }
  return INTRINSIC_RESULTS[intrinsic[1]!] ?? UNKNOWN;
}

/** The object a Parameters/ResultSelector/ItemSelector template builds from `input`. */
function build(template: Json, input: Type, where: string, context: Context): Type {
  if (template === null) return { t: 'value', kind: 'null' };
  if (Array.isArray(template)) return { t: 'value', kind: 'array' };
  if (typeof template !== 'object') return literal(template);
  const fields: Record<string, Type> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') fields[key.slice(0, -2)] = evaluate(value, input, `${where}.${key}`, context);
    else fields[key] = build(value, input, `${where}.${key}`, context);
  }
  return object(fields);
}

function literal(value: Json): Type {
  if (value === null) return { t: 'value', kind: 'null' };
  if (Array.isArray(value)) return { t: 'value', kind: 'array' };
  if (typeof value === 'object') return object(Object.fromEntries(Object.entries(value).map(([key, child]) => [key, literal(child)])));
  return { t: 'value', kind: typeof value as 'string' | 'number' | 'boolean' };
}

/** `input` with `value` at `path` (ResultPath). */
function place(input: Type, path: string | null | undefined, value: Type): Type {
  if (path === null) return input;
  const segments = parsePath(path ?? '$');
  if (!segments) return UNKNOWN;
  return placeAt(input, segments, value);
}

function placeAt(input: Type, segments: readonly Segment[], value: Type): Type {
  const [first, ...rest] = segments;
  if (!first) return value;
  if (!('name' in first)) return UNKNOWN;
  const base = input.t === 'object' ? input : input.t === 'unknown' ? ({ t: 'object', fields: new Map(), open: true } as const) : undefined;
  if (!base) return UNKNOWN;
  const fields = new Map(base.fields);
  const existing = fields.get(first.name)?.type ?? { t: 'object', fields: new Map(), open: false };
  fields.set(first.name, { type: placeAt(existing, rest, value), optional: false });
  return { t: 'object', fields, open: base.open };
}

type StateJson = JsonObject & { Type: string };

interface Graph {
  readonly prefix: string;
  readonly states: Record<string, StateJson>;
  readonly startAt: string;
}

/** The errors that can leave a state (or a graph of states) to a Retry or Catch that sees them. */
interface Raised {
  /** Per error prefix (`Glue`): the integrations and the names that can still come out. */
  readonly services: Map<string, { labels: Set<string>; names: Set<string>; known: ReadonlySet<string> }>;
  /** Per error prefix whose errors a Catch inside takes all of: which state does. */
  readonly swallowed: Map<string, string>;
  /** Exact names raised by Fail states (`Error`, or an `ErrorPath` read from a Catch's error). */
  readonly names: Set<string>;
  /** Names nobody can know: a Lambda function's own errors (no dot), a Fail state's ErrorPath of unknown origin (any). */
  functionErrors: boolean;
  anyName: boolean;
}

function noneRaised(): Raised {
  return { services: new Map(), swallowed: new Map(), names: new Set(), functionErrors: false, anyName: false };
}

function raisedBy(integration: Integration): Raised {
  const raised = noneRaised();
  raised.services.set(integration.errorPrefix, { labels: new Set([integration.label]), names: new Set(integration.errorNames), known: integration.errorNames });
  raised.functionErrors = integration.service === 'lambda';
  return raised;
}

function mergeRaised(into: Raised, from: Raised): void {
  for (const [prefix, entry] of from.services) {
    const existing = into.services.get(prefix);
    if (!existing) into.services.set(prefix, { labels: new Set(entry.labels), names: new Set(entry.names), known: entry.known });
    else {
      entry.labels.forEach((label) => existing.labels.add(label));
      entry.names.forEach((name) => existing.names.add(name));
      if (entry.known !== existing.known) existing.known = new Set([...existing.known, ...entry.known]);
    }
  }
  for (const [prefix, by] of from.swallowed) if (!into.swallowed.has(prefix)) into.swallowed.set(prefix, by);
  from.names.forEach((name) => into.names.add(name));
  into.functionErrors ||= from.functionErrors;
  into.anyName ||= from.anyName;
}

/** What of `raised` gets past the state's Catch (the Retry only delays it). */
function pastCatch(raised: Raised, state: StateJson, label: string): Raised {
  const left = noneRaised();
  mergeRaised(left, raised);
  for (const catcher of (state['Catch'] ?? []) as JsonObject[]) {
    const names = (catcher['ErrorEquals'] ?? []) as string[];
    const all = names.find((name) => CATCH_ALL.has(name));
    if (all) {
      for (const prefix of left.services.keys()) left.swallowed.set(prefix, `${label} catches ${all}`);
      left.services.clear();
      left.names.clear();
      left.functionErrors = false;
      left.anyName = false;
      break;
    }
    for (const name of names) {
      left.names.delete(name);
      for (const entry of left.services.values()) entry.names.delete(name);
    }
  }
  for (const [prefix, entry] of left.services) {
    if (entry.names.size === 0) {
      left.services.delete(prefix);
      left.swallowed.set(prefix, `${label} catches every ${prefix} error`);
    }
  }
  return left;
}

/** Checks `definition`; every finding, in state order. */
export function checkDefinition(definition: unknown): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (state: string) => (kind: FindingKind, message: string) => {
    const key = `${state}|${kind}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ state, kind, message });
  };
  const root = definition as JsonObject;
  if (root['QueryLanguage'] === 'JSONata') {
    report('(definition)')('not-covered', 'JSONata definitions are not checked');
    return findings;
  }
  analyseGraph({ prefix: '', states: root['States'] as Record<string, StateJson>, startAt: root['StartAt'] as string }, UNKNOWN, undefined, report);
  return findings;
}

function childGraphs(state: StateJson, prefix: string): Graph[] {
  if (state.Type === 'Map') {
    const processor = (state['ItemProcessor'] ?? state['Iterator']) as JsonObject | undefined;
    return processor ? [{ prefix, states: processor['States'] as Record<string, StateJson>, startAt: processor['StartAt'] as string }] : [];
  }
  if (state.Type === 'Parallel') {
    return ((state['Branches'] ?? []) as JsonObject[]).map((branch, index) => ({
      prefix: `${prefix}[${index}]`,
      states: branch['States'] as Record<string, StateJson>,
      startAt: branch['StartAt'] as string,
    }));
  }
  return [];
}

type Report = (state: string) => (kind: FindingKind, message: string) => void;

/** What a graph of states outputs at its ends, and the errors that can leave it. */
interface GraphResult {
  readonly output: Type;
  readonly raised: Raised;
}

/** The ways out of one state, and the errors that leave it. */
interface Transfer {
  readonly out: Array<[string | null, Type]>;
  readonly raised: Raised;
}

/**
 * Runs `graph` from `entry` to a fixpoint of every state's input, then checks each state once
 * with its final input. Returns the join of what its end states output and what can fail it.
 */
function analyseGraph(graph: Graph, entry: Type, mapItem: Type | undefined, report: Report): GraphResult {
  const inputs = new Map<string, Type>();
  const silent: Report = () => () => undefined;
  let output: Type | undefined;
  const pending: Array<[string, Type]> = [[graph.startAt, entry]];
  let steps = 0;
  while (pending.length > 0) {
    const [name, incoming] = pending.shift()!;
    const previous = inputs.get(name);
    const joined = join(previous, incoming);
    if (previous && sameType(previous, joined)) continue;
    inputs.set(name, joined);
    if (++steps > 10_000) throw new Error(`${graph.prefix || 'definition'}: the state flow analysis did not converge`);
    const state = graph.states[name];
    if (!state) continue;
    for (const [next, type] of transfer(graph, name, state, joined, mapItem, silent).out) {
      if (next === null) output = join(output, type);
      else pending.push([next, type]);
    }
  }
  const raised = noneRaised();
  for (const [name, state] of Object.entries(graph.states)) {
    const input = inputs.get(name);
    if (!input) continue;
    mergeRaised(raised, transfer(graph, name, state, input, mapItem, report).raised);
  }
  return { output: output ?? UNKNOWN, raised };
}

/** The ways out of one state (`[next state or null for the end, its input]`) and the errors that leave it. */
function transfer(graph: Graph, name: string, state: StateJson, input: Type, mapItem: Type | undefined, report: Report): Transfer {
  const label = `${graph.prefix}${name}`;
  const context: Context = { state: label, report: report(label), ...(mapItem ? { mapItem } : {}) };
  const out: Array<[string | null, Type]> = [];
  let raised = noneRaised();
  const next = (type: Type): void => {
    out.push([state['End'] === true || typeof state['Next'] !== 'string' ? null : (state['Next'] as string), type]);
  };
  const inputPath = state['InputPath'];
  const effective = inputPath === null ? object({}) : typeof inputPath === 'string' ? read(input, inputPath, 'InputPath', context) : input;
  const outputOf = (combined: Type): Type => (typeof state['OutputPath'] === 'string' ? read(combined, state['OutputPath'], 'OutputPath', context) : combined);

  if (state['QueryLanguage'] === 'JSONata') {
    context.report('not-covered', 'JSONata states are not checked');
    return { out, raised };
  }

  switch (state.Type) {
    case 'Pass': {
      const result = state['Parameters'] !== undefined ? build(state['Parameters'], effective, 'Parameters', context) : state['Result'] !== undefined ? literal(state['Result']) : effective;
      next(outputOf(place(input, state['ResultPath'] as string | null | undefined, result)));
      break;
    }
    case 'Wait':
      next(outputOf(effective));
      break;
    case 'Choice': {
      const after = outputOf(effective);
      (state['Choices'] as JsonObject[]).forEach((rule, index) => {
        checkRule(rule, effective, `Choices[${index}]`, context);
        out.push([rule['Next'] as string, after]);
      });
      if (typeof state['Default'] === 'string') out.push([state['Default'], after]);
      break;
    }
    case 'Succeed':
      out.push([null, outputOf(effective)]);
      break;
    case 'Fail': {
      if (typeof state['CausePath'] === 'string') evaluate(state['CausePath'], effective, 'CausePath', context);
      if (typeof state['Error'] === 'string') raised.names.add(state['Error']);
      if (typeof state['ErrorPath'] === 'string') {
        const error = evaluate(state['ErrorPath'], effective, 'ErrorPath', context);
        if (error.t === 'value' && error.errorNames) error.errorNames.forEach((errorName) => raised.names.add(errorName));
        else raised.anyName = true;
      }
      break;
    }
    case 'Task': {
      const integration = checkTask(state, effective, context);
      let result: Type = UNKNOWN;
      if (integration && integration.result !== 'unknown') {
        result = {
          t: 'model',
          shape: integration.result.shape,
          origin: integration.result.origin,
          naming: integration.naming,
          ...(integration.result.extraMembers ? { extra: integration.result.extraMembers } : {}),
        };
        if (integration.jsonMembers.length > 0 && integration.result.shape.kind === 'structure') result = withJsonMembers(result, integration);
      }
      if (state['ResultSelector'] !== undefined) result = build(state['ResultSelector'], result, 'ResultSelector', context);
      next(outputOf(place(input, state['ResultPath'] as string | null | undefined, result)));
      const own = integration ? raisedBy(integration) : undefined;
      if (own) checkErrors(state, context, own);
      raised = pastCatch(own ?? { ...noneRaised(), functionErrors: true, anyName: true }, state, label);
      catches(state, input, out);
      break;
    }
    case 'Map': {
      const items = typeof state['ItemsPath'] === 'string' ? read(effective, state['ItemsPath'], 'ItemsPath', context) : effective;
      const item: Type = items.t === 'model' && items.shape.kind === 'list' ? { t: 'model', shape: items.shape.member(), origin: items.origin, naming: items.naming } : UNKNOWN;
      const selector = state['ItemSelector'] ?? state['Parameters'];
      const itemInput = selector !== undefined ? build(selector, effective, 'ItemSelector', { ...context, mapItem: item }) : item;
      const [inner] = childGraphs(state, `${label}/`);
      const inside = inner ? analyseGraph(inner, itemInput, item, report).raised : undefined;
      let result: Type = { t: 'value', kind: 'array' };
      if (state['ResultSelector'] !== undefined) result = build(state['ResultSelector'], result, 'ResultSelector', context);
      next(outputOf(place(input, state['ResultPath'] as string | null | undefined, result)));
      if (inside) checkErrors(state, context, inside);
      raised = pastCatch(inside ?? noneRaised(), state, label);
      catches(state, input, out);
      break;
    }
    case 'Parallel': {
      const branches = childGraphs(state, `${label}/`);
      const inside = noneRaised();
      for (const branch of branches) mergeRaised(inside, analyseGraph(branch, effective, undefined, report).raised);
      let result: Type = { t: 'value', kind: 'array' };
      if (state['ResultSelector'] !== undefined) result = build(state['ResultSelector'], result, 'ResultSelector', context);
      next(outputOf(place(input, state['ResultPath'] as string | null | undefined, result)));
      checkErrors(state, context, inside);
      raised = pastCatch(inside, state, label);
      catches(state, input, out);
      break;
    }
    default:
      context.report('not-covered', `state type ${state.Type} is not checked`);
  }
  return { out, raised };
}

/** Lambda's Payload is the function's JSON answer, not the model's blob. */
function withJsonMembers(result: Type, integration: Integration): Type {
  if (result.t !== 'model' || result.shape.kind !== 'structure') return result;
  const fields: Record<string, Type> = {};
  for (const [name, member] of result.shape.members) {
    fields[spell(name, result.naming)] = integration.jsonMembers.includes(name)
      ? JSON_VALUE
      : { t: 'model', shape: member.target(), origin: result.origin, naming: result.naming, ...(member.enum ? { enum: member.enum } : {}) };
  }
  for (const name of result.extra ?? []) fields[name] = JSON_VALUE;
  return object(fields);
}

function catches(state: StateJson, input: Type, out: Array<[string | null, Type]>): void {
  for (const catcher of (state['Catch'] ?? []) as JsonObject[]) {
    out.push([catcher['Next'] as string, place(input, catcher['ResultPath'] as string | null | undefined, errorOutput((catcher['ErrorEquals'] ?? []) as string[]))]);
  }
}

/** The Task's resource and Parameters against the model; its integration when it has one. */
function checkTask(state: StateJson, input: Type, context: Context): Integration | undefined {
  const resource = state['Resource'];
  if (typeof resource !== 'string') return undefined;
  const integration = resolveIntegration(resource);
  const parameters = state['Parameters'];
  if (parameters !== undefined) build(parameters, input, 'Parameters', context);
  for (const key of ['TimeoutSecondsPath', 'HeartbeatSecondsPath'] as const) {
    const path = state[key];
    if (typeof path === 'string') read(input, path, key, context);
  }
  if (!integration) return undefined;
  if (isUnresolved(integration)) {
    context.report('action', integration.problem);
    return undefined;
  }
  for (const problem of checkRequest(parameters ?? {}, integration.operation.input, 'Parameters', { dynamicKeys: true, naming: integration.naming, jsonMembers: integration.jsonMembers })) {
    context.report(problem.kind, `${integration.label}: ${problem.message}`);
  }
  return integration;
}

function checkErrors(state: StateJson, context: Context, raised: Raised): void {
  const handlers = [
    ...((state['Retry'] ?? []) as JsonObject[]).map((retrier, index) => [`Retry[${index}]`, retrier] as const),
    ...((state['Catch'] ?? []) as JsonObject[]).map((catcher, index) => [`Catch[${index}]`, catcher] as const),
  ];
  for (const [where, handler] of handlers) {
    for (const name of (handler['ErrorEquals'] ?? []) as string[]) {
      const problem = errorProblem(name, raised);
      if (problem) context.report('error-name', `${where} ErrorEquals ${name}: ${problem}`);
    }
  }
}

function errorProblem(name: string, raised: Raised): string | undefined {
  if (name.startsWith('States.')) return STATES_ERRORS.has(name) ? undefined : 'not an error Step Functions defines';
  if (raised.names.has(name) || raised.anyName) return undefined;
  const dot = name.indexOf('.');
  if (dot < 0) return raised.functionErrors ? undefined : 'no Fail state or Lambda function inside raises it';
  const prefix = name.slice(0, dot);
  const service = raised.services.get(prefix);
  if (service?.names.has(name)) return undefined;
  const swallowedBy = raised.swallowed.get(prefix);
  if (service && service.known.has(name)) return `a Catch inside takes it first, so it never gets here`;
  if (!service && swallowedBy) return `${swallowedBy}, so no ${prefix} error gets here`;
  if (!service) {
    const called = [...raised.services.keys()].join(', ') || 'nothing';
    return `the state calls ${called}, never ${prefix}`;
  }
  const sameLetters = [...service.known].find((error) => error.toLowerCase() === name.toLowerCase());
  return `no error of that name in the ${[...service.labels].join(', ')} model${sameLetters ? ` (it spells it ${sameLetters})` : ''}`;
}

const STRING_OPERATORS = ['StringEquals', 'StringLessThan', 'StringGreaterThan', 'StringLessThanEquals', 'StringGreaterThanEquals', 'StringMatches'];
const NUMERIC_OPERATORS = ['NumericEquals', 'NumericLessThan', 'NumericGreaterThan', 'NumericLessThanEquals', 'NumericGreaterThanEquals'];
const TIMESTAMP_OPERATORS = ['TimestampEquals', 'TimestampLessThan', 'TimestampGreaterThan', 'TimestampLessThanEquals', 'TimestampGreaterThanEquals'];
const CHECK_OPERATORS = ['IsPresent', 'IsNull', 'IsString', 'IsNumeric', 'IsBoolean', 'IsTimestamp'];

function checkRule(rule: JsonObject, input: Type, where: string, context: Context): void {
  for (const combinator of ['And', 'Or'] as const) {
    const rules = rule[combinator];
    if (Array.isArray(rules)) rules.forEach((inner, index) => checkRule(inner as JsonObject, input, `${where}.${combinator}[${index}]`, context));
  }
  if (rule['Not'] && typeof rule['Not'] === 'object') checkRule(rule['Not'] as JsonObject, input, `${where}.Not`, context);
  const variable = rule['Variable'];
  if (typeof variable !== 'string') return;
  const type = read(input, variable, `${where}.Variable`, context);
  for (const [operator, operand] of Object.entries(rule)) {
    if (operator === 'Variable' || operator === 'Next') continue;
    if (operator.endsWith('Path') && typeof operand === 'string') read(input, operand, `${where}.${operator}`, context);
    const base = operator.endsWith('Path') ? operator.slice(0, -4) : operator;
    if (type.t !== 'model' || CHECK_OPERATORS.includes(base)) continue;
    const kind = type.shape.kind;
    const expected = STRING_OPERATORS.includes(base)
      ? ['string']
      : NUMERIC_OPERATORS.includes(base)
        ? ['number', 'bigint', 'bigdecimal']
        : TIMESTAMP_OPERATORS.includes(base)
          ? ['timestamp', 'string']
          : base === 'BooleanEquals'
            ? ['boolean']
            : undefined;
    if (expected && !expected.includes(kind)) {
      context.report('type', `${where} compares ${variable} with ${operator}, but it is a ${kind} (${type.origin})`);
      continue;
    }
    if (base === 'StringEquals' && !operator.endsWith('Path') && type.enum && typeof operand === 'string' && !type.enum.values.includes(operand)) {
      context.report('enum', `${where} compares ${variable} with ${JSON.stringify(operand)}, not a ${type.enum.name} (${type.enum.values.join(', ')})`);
    }
  }
}
