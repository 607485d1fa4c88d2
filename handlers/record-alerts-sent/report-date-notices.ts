/**
 * What makes a report-date alert (spike, data_quality, stale_data) new: the findings it names,
 * each a notice of the month's record keyed by alert kind, report date and finding
 * (`spike/2026-07-10/person/<userid>`, `data_quality/2026-07-10/row_issue/bad_date#3`,
 * `stale_data/2026-07-10/stale`). A finding that counts rows, lines or files carries its count
 * (`#3`) and is told when the record holds it with that count or more. An alert goes out when
 * any of its findings is not told yet, and then tells the whole day again (with a line saying it
 * is an update); when every finding was told it does not go out, and its findings count as
 * suppressed. CheckData and DetectSpikes decide with it, RecordAlertsSent records with it and
 * Summarise counts with it: the findings are derived from what the alert's step leaves in the
 * state, by these functions only.
 */
import type { DataQuality } from '../check-data/evaluate-quality.js';
import type { SpikeReport } from '../detect-spikes/evaluate-spikes.js';

/** The alert kinds told once per report date. */
export type ReportDateAlertKind = 'data_quality' | 'stale_data' | 'spike';

/** One thing an alert names; `count`, when set, is how many rows, lines or files it names. */
export interface Finding {
  item: string;
  count?: number;
}

/** The findings of the spike alert: each spiking person, and the team when its daily total passed the limit. */
export function spikeFindings(spikes: Pick<SpikeReport, 'spikingUsers' | 'teamAlert'>): Finding[] {
  return [...spikes.spikingUsers.map((user) => ({ item: `person/${user.userid}` })), ...(spikes.teamAlert ? [{ item: 'team' }] : [])];
}

/**
 * The findings of the data_quality alert: the number of files with unread lines, each listed
 * file with its unread lines or rows, the rows dated after the run day, the report date's rows
 * per issue kind, and each billing setting the data contradicts (named by the setting and its
 * value, not by the evidence counts, which grow with every day of data).
 */
export function dataQualityFindings(quality: Pick<DataQuality, 'issueFiles' | 'files' | 'futureRows' | 'dayIssues' | 'billingSemantics'>): Finding[] {
  const perFile = new Map<string, number>();
  for (const issue of quality.files) {
    const item = `file/${issue.table} ${issue.file}`;
    perFile.set(item, (perFile.get(item) ?? 0) + issue.count);
  }
  return [
    ...(quality.issueFiles > 0 ? [{ item: 'files', count: quality.issueFiles }] : []),
    ...[...perFile].map(([item, count]) => ({ item, count })),
    ...(quality.futureRows > 0 ? [{ item: 'future_rows', count: quality.futureRows }] : []),
    ...Object.entries(quality.dayIssues)
      .filter(([, rows]) => rows > 0)
      .map(([issue, rows]) => ({ item: `row_issue/${issue}`, count: rows })),
    ...quality.billingSemantics.contradictions.map((contradiction) => ({ item: `billing/${contradiction.split(', but ')[0] ?? contradiction}` })),
  ];
}

/** The one finding of the stale_data alert: the report date's data is stale. */
export function staleFindings(): Finding[] {
  return [{ item: 'stale' }];
}

/** The record key of `finding`: `<kind>/<reportDate>/<item>`, with `#<count>` when it counts. */
export function noticeKey(kind: ReportDateAlertKind, reportDate: string, finding: Finding): string {
  return `${kind}/${reportDate}/${finding.item}${finding.count === undefined ? '' : `#${finding.count}`}`;
}

/** What a report-date alert tells this run, against the keys told already. */
export interface Telling {
  /** Findings not told yet (a counted one also when it now counts more): the alert goes out when there is any. */
  news: number;
  /** Whether a finding of this kind and report date was told before (the message then says it is an update). */
  earlier: boolean;
}

/** Compares `findings` with the record's keys. */
export function tellOnce(kind: ReportDateAlertKind, reportDate: string, findings: readonly Finding[], told: ReadonlySet<string>): Telling {
  const prefix = `${kind}/${reportDate}/`;
  const earlier = [...told].some((key) => key.startsWith(prefix));
  const news = findings.filter((finding) => !isTold(noticeKey(kind, reportDate, { item: finding.item }), finding.count, told)).length;
  return { news, earlier };
}

function isTold(itemKey: string, count: number | undefined, told: ReadonlySet<string>): boolean {
  if (count === undefined) return told.has(itemKey);
  const counted = `${itemKey}#`;
  return [...told].some((key) => key.startsWith(counted) && /^\d+$/.test(key.slice(counted.length)) && Number(key.slice(counted.length)) >= count);
}

/** The first line of an alert that tells a report date again because something is new. */
export function updateLine(reportDate: string, news: number): string {
  return `Update: an alert for ${reportDate} was sent before; this one tells the whole day again, with ${news === 1 ? '1 new or larger finding' : `${news} new or larger findings`}.`;
}
