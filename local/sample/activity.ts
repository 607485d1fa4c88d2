/**
 * The legacy by_user_analytic metrics of one person and day: chat figures follow the person's
 * IDE and plugin prompts, inline completions are common, every other feature is rare.
 */
import { ACTIVITY_METRICS, type ActivityMetric } from '../../handlers/shared/report-format.js';
import type { Random } from './random.js';

/** Metric values by column position in the report format's `ACTIVITY_METRICS`. */
export type MetricValues = number[];

const POSITION = new Map<ActivityMetric, number>(ACTIVITY_METRICS.map((name, index) => [name, index]));

/**
 * Metrics for a day with `chatPrompts` prompts sent from the IDE or plugin (0 for a day with
 * only inline completions).
 */
export function activityMetrics(chatPrompts: number, random: Random): MetricValues {
  const values: MetricValues = new Array<number>(ACTIVITY_METRICS.length).fill(0);
  const set = setterFor(values);
  // A share of the prompts, never more: some prompts reach the chat panel by other routes.
  const sent = Math.round(chatPrompts * random.between(0.6, 1));
  set('Chat_MessagesSent', sent);
  set('Chat_MessagesInteracted', sent * random.between(0.2, 0.7));
  set('Chat_AICodeLines', sent * random.between(0, 12));

  if (random.chance(0.8)) {
    const suggestions = random.int(5, 220);
    const accepted = Math.round(suggestions * random.between(0.15, 0.4));
    set('Inline_SuggestionsCount', suggestions);
    set('Inline_AcceptanceCount', accepted);
    set('Inline_AICodeLines', accepted * random.between(1, 3));
  }
  if (random.chance(0.15)) inlineChat(set, random);
  if (random.chance(0.04)) {
    const events = random.int(1, 4);
    const generated = events * random.int(3, 30);
    set('CodeFix_GenerationEventCount', events);
    set('CodeFix_GeneratedLines', generated);
    set('CodeFix_AcceptanceEventCount', random.int(0, events));
    set('CodeFix_AcceptedLines', generated * random.between(0, 0.8));
  }
  if (random.chance(0.05)) {
    set('CodeReview_SucceededEventCount', random.int(1, 3));
    set('CodeReview_FailedEventCount', random.chance(0.2) ? 1 : 0);
    set('CodeReview_FindingsCount', random.int(0, 25));
  }
  if (random.chance(0.03)) {
    const events = random.int(1, 3);
    const generated = events * random.int(20, 300);
    set('Dev_GenerationEventCount', events);
    set('Dev_GeneratedLines', generated);
    set('Dev_AcceptanceEventCount', random.int(0, events));
    set('Dev_AcceptedLines', generated * random.between(0, 0.9));
  }
  if (random.chance(0.02)) docGeneration(set, random);
  if (random.chance(0.03)) {
    const tests = random.int(1, 12);
    const lines = tests * random.int(8, 40);
    set('TestGeneration_EventCount', random.int(1, 3));
    set('TestGeneration_GeneratedTests', tests);
    set('TestGeneration_GeneratedLines', lines);
    set('TestGeneration_AcceptedTests', random.int(0, tests));
    set('TestGeneration_AcceptedLines', lines * random.between(0, 0.9));
  }
  if (random.chance(0.005)) {
    const ingested = random.int(2_000, 60_000);
    set('Transformation_EventCount', 1);
    set('Transformation_LinesIngested', ingested);
    set('Transformation_LinesGenerated', ingested * random.between(0.05, 0.4));
  }
  return values;
}

type Setter = (name: ActivityMetric, value: number) => void;

/** Stores rounded, non-negative values by metric name. */
function setterFor(values: MetricValues): Setter {
  return (name, value) => {
    values[POSITION.get(name) as number] = Math.max(0, Math.round(value));
  };
}

/** Inline chat events end as accepted, rejected or dismissed; the total is their sum. */
function inlineChat(set: Setter, random: Random): void {
  const accepted = random.int(0, 6);
  const rejected = random.int(0, 3);
  const dismissed = random.int(0, 2);
  set('InlineChat_AcceptanceEventCount', accepted);
  set('InlineChat_RejectionEventCount', rejected);
  set('InlineChat_DismissalEventCount', dismissed);
  set('InlineChat_TotalEventCount', accepted + rejected + dismissed);
  set('InlineChat_AcceptedLineAdditions', accepted * random.int(1, 20));
  set('InlineChat_AcceptedLineDeletions', accepted * random.int(0, 8));
  set('InlineChat_RejectedLineAdditions', rejected * random.int(1, 20));
  set('InlineChat_RejectedLineDeletions', rejected * random.int(0, 8));
  set('InlineChat_DismissedLineAdditions', dismissed * random.int(1, 20));
  set('InlineChat_DismissedLineDeletions', dismissed * random.int(0, 8));
}

function docGeneration(set: Setter, random: Random): void {
  set('DocGeneration_EventCount', random.int(1, 2));
  set('DocGeneration_AcceptedFilesCreations', random.int(0, 2));
  set('DocGeneration_AcceptedFileUpdates', random.int(0, 2));
  set('DocGeneration_AcceptedLineAdditions', random.int(0, 120));
  set('DocGeneration_AcceptedLineUpdates', random.int(0, 40));
  set('DocGeneration_RejectedFileCreations', random.int(0, 1));
  set('DocGeneration_RejectedFileUpdates', random.int(0, 1));
  set('DocGeneration_RejectedLineAdditions', random.int(0, 60));
  set('DocGeneration_RejectedLineUpdates', random.int(0, 20));
}
