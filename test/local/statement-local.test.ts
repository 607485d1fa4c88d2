/**
 * The monthly statement in the local run (issue 13): sample reports from 24 June to 3 July 2026,
 * so the run on the newest day states June: one `monthly_statement` alert in alerts.jsonl, its
 * CSV and HTML under --out/reports/monthly/2026-06/, and a second run of the day on the same
 * --out sends it no more.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../handlers/shared/config.js';
import { logger } from '../../handlers/shared/logger.js';
import { loadDirectoryFile } from '../../local/directory-file.js';
import { runLocal, type LocalRunResult } from '../../local/run/run-local.js';
import { DEFAULT_SAMPLE_OPTIONS, generateSampleFiles } from '../../local/sample/generate.js';
import { writeSampleFiles } from '../../local/sample/write-files.js';
import { outcomeOf } from './support/run-outcome.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));

let workDir: string;
let outDir: string;
let first: LocalRunResult;
let second: LocalRunResult;

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  workDir = await mkdtemp(join(tmpdir(), 'kiro-statement-local-'));
  const reportsDir = join(workDir, 'sample');
  outDir = join(workDir, 'out');
  await writeSampleFiles(reportsDir, generateSampleFiles({ ...DEFAULT_SAMPLE_OPTIONS, users: 12, days: 10, seed: 3, endDate: '2026-07-03' }));
  const run = async () => runLocal({ reportsDir, directory: await loadDirectoryFile(join(reportsDir, 'directory.json')), outDir, config: readConfigFile(EXAMPLE_CONFIG) });
  first = await run();
  second = await run();
}, 300_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the monthly statement in a local run', () => {
  it("sends June's statement on the first run in July, and not again", () => {
    // Assess
    expect(outcomeOf(first)).toEqual({ status: 'SUCCEEDED' });
    expect(first.output).toMatchObject({ reportDate: '2026-07-03', alertsSent: expect.arrayContaining(['monthly_statement']) });
    const statements = first.alerts.filter((alert) => alert.attributes['alert_kind'] === 'monthly_statement');
    expect(statements).toHaveLength(1);
    expect(statements[0]?.subject).toMatch(/^Kiro statement 2026-06: \$\d+\.\d{2}, 1 team$/);
    expect(second.output).toMatchObject({ alertsSent: [], alertsSuppressed: expect.arrayContaining([{ alertKind: 'monthly_statement', notices: 1 }]) });
  });

  it('writes the statement as CSV and HTML under --out/reports/monthly/2026-06/, and records it under alerts-sent/', async () => {
    // Act
    const files = (await readdir(join(outDir, 'reports', 'monthly', '2026-06'))).sort();
    const csv = await readFile(join(outDir, 'reports', 'monthly', '2026-06', 'statement.csv'), 'utf8');
    const html = await readFile(join(outDir, 'reports', 'monthly', '2026-06', 'statement.html'), 'utf8');
    const record = await readFile(join(outDir, 'alerts-sent', 'month=2026-06', 'sent.json'), 'utf8');

    // Assess
    expect(files).toEqual(['statement.csv', 'statement.html']);
    expect(csv.split('\r\n')[1]).toMatch(/^month,,2026-06,,,\d+,\d+,,/);
    expect(csv).toContain('\r\nteam,,unassigned,unassigned,');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|\b(src|href)=/);
    expect(record).toContain('"key": "monthly_statement/2026-06"');
  });
});
