/** report_as_of over reports whose newest days differ: the newest day of either report, capped at today. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BY_USER_ANALYTIC_HEADER } from '../../handlers/shared/report-format.js';
import type { LocalAthena } from '../../local/aws/athena/local-athena.js';
import { createAthenaOver, MAPPING_DIR, USERS } from './fixture-engine.js';

const LOGS = 'kiro/AWSLogs/111122223333/KiroLogs';
const USER_REPORT_HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages';

/** One by_user_analytic row of `day` (MM-DD-YYYY) with one message sent. */
function analyticRow(day: string): string {
  return BY_USER_ANALYTIC_HEADER.map((name) => (name === 'UserId' ? USERS.bo : name === 'Date' ? day : name === 'Chat_MessagesSent' ? '1' : '0')).join(',');
}

let bucket: string;
let athena: LocalAthena;

beforeAll(async () => {
  // Prepare: user_report's newest day 2026-09-14; by_user_analytic has 2026-09-15 and a row dated 2099.
  bucket = await mkdtemp(join(tmpdir(), 'report-as-of-'));
  const files: Array<[string, string]> = [
    [`${LOGS}/user_report/us-east-1/2026/09/14/00/KIRO_IDE_111122223333_user_report_202609150200.csv`, `${USER_REPORT_HEADER}\n2026-09-14,${USERS.ada},KIRO_IDE,1,2.5,,0,false,p,PRO,3\n`],
    [`${LOGS}/by_user_analytic/us-east-1/2026/09/15/00/111122223333_by_user_analytic_202609160200_report.csv`, `${BY_USER_ANALYTIC_HEADER.join(',')}\n${analyticRow('09-15-2026')}\n`],
    [`${LOGS}/by_user_analytic/us-east-1/2099/01/01/00/111122223333_by_user_analytic_209901020200_report.csv`, `${BY_USER_ANALYTIC_HEADER.join(',')}\n${analyticRow('01-01-2099')}\n`],
  ];
  for (const [key, text] of files) {
    await mkdir(dirname(join(bucket, key)), { recursive: true });
    await writeFile(join(bucket, key), text);
  }
  athena = await createAthenaOver(bucket, MAPPING_DIR);
});

afterAll(async () => {
  athena?.close();
  await rm(bucket, { recursive: true, force: true });
});

describe('report_as_of', () => {
  it('is the newest day of either report, one only by_user_analytic holds too, and never a day after today', async () => {
    // Act
    const rows = await athena.run('SELECT CAST(as_of AS varchar) AS as_of, CAST(as_of_month AS varchar) AS as_of_month FROM report_as_of');

    // Assess
    expect(rows).toEqual([{ as_of: '2026-09-15', as_of_month: '2026-09-01' }]);
  });
});
