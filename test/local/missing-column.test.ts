/**
 * A report file whose header lacks a column every version has (a misspelt `Credits_Used`),
 * end to end through the local run: the row is kept with NULL credits, never 0, and the day's
 * `missing_column` count reaches data_quality_issues, the summary and the data_quality alert.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../handlers/shared/config.js';
import { logger } from '../../handlers/shared/logger.js';
import { viewRowsIn } from './support/csv-rows.js';
import { runLocal, type LocalRunResult } from '../../local/run/run-local.js';
import { outcomeOf } from './support/run-outcome.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const ADA = '11111111-1111-4111-8111-111111111111';
const BO = '22222222-2222-4222-8222-222222222222';
const FOLDER = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/11/18/00';
const HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages';
const FILES: Record<string, string> = {
  [`${FOLDER}/KIRO_IDE_111122223333_user_report_202611190201.csv`]: `${HEADER}\n2026-11-18,"${ADA}",KIRO_IDE,2,40.5,,0,false,P1,PRO,12\n`,
  // The same columns, Credits_Used misspelt: Bo's 30 credits cannot be read.
  [`${FOLDER}/KIRO_CLI_111122223333_user_report_202611190202.csv`]: `${HEADER.replace('Credits_Used', 'Credit_Used')}\n2026-11-18,"${BO}",KIRO_CLI,1,30,,0,false,P1,PRO,5\n`,
};

let workDir: string;
let outDir: string;
let run: LocalRunResult;

const viewRows = (view: string): Promise<Record<string, string>[]> => viewRowsIn(outDir, view);

beforeAll(async () => {
  // Prepare
  logger.setLogLevel('SILENT');
  workDir = await mkdtemp(join(tmpdir(), 'kiro-missing-column-'));
  outDir = join(workDir, 'out');
  const reportsDir = join(workDir, 'reports');
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(reportsDir, path, '..'), { recursive: true });
    await writeFile(join(reportsDir, path), text);
  }

  // Act
  run = await runLocal({ reportsDir, outDir, config: readConfigFile(EXAMPLE_CONFIG) });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('a report file without a column every version has, through the local run', () => {
  it('keeps the row with NULL credits, never 0', async () => {
    // Assess
    expect(outcomeOf(run)).toEqual({ status: 'SUCCEEDED' });
    const credits = (await viewRows('credits_daily')).map((row) => [row['userid'], row['client_type'], row['credits_used']]);
    expect(credits).toEqual([
      [ADA, 'KIRO_IDE', '40.5'],
      [BO, 'KIRO_CLI', ''],
    ]);
  });

  it('counts the row as missing_column in data_quality_issues, the summary and the data_quality alert', async () => {
    // Assess
    const issues = (await viewRows('data_quality_issues')).map((row) => [row['source_file']?.split('/').at(-1), row['issue'], row['rows']]);
    expect(issues).toEqual([['KIRO_CLI_111122223333_user_report_202611190202.csv', 'missing_column', '1']]);
    expect(run.output).toMatchObject({ alertsSent: expect.arrayContaining(['data_quality']), reportIssues: { missing_column: 1 } });
    const alert = run.alerts.find((published) => published.attributes.alert_kind === 'data_quality');
    expect(alert?.message).toContain('missing_column 1');
  });
});
