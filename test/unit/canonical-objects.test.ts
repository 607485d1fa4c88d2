import { gunzipSync } from 'node:zlib';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { canonicalObjects } from '../../handlers/normalise-reports/canonical-objects.js';
import { normaliseUserReport } from '../../handlers/normalise-reports/normalise.js';

const KEY = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/09/15/00/KIRO_IDE_111122223333_user_report_202609160200.csv';
const HEADER = 'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages,New_User,User_Email,Usage_Limit';

describe('canonicalObjects', () => {
  it('leaves a column of one value uncompressed and gzips the others, every row reading back as written', async () => {
    // Prepare: the source columns and client type are one value; ids, credits and tiers vary
    const text = [
      HEADER,
      '2026-09-15,u-1,KIRO_IDE,2,3.5,,0,false,p-1,PRO,7,false,,1000',
      '2026-09-15,u-2,KIRO_IDE,1,12.25,,0,false,p-2,PRO_PLUS,3,true,,',
      '2026-09-15,u-3,KIRO_IDE,4,0.5,,0,false,p-1,POWER,9,false,,',
    ].join('\n');
    const file = normaliseUserReport(text, { key: KEY, uri: `s3://reports/${KEY}` });

    // Act
    const [rows] = canonicalObjects(file, KEY);
    const body = rows!.body.slice().buffer;
    const codecs = Object.fromEntries(parquetMetadata(body).row_groups[0]!.columns.map((column) => [column.meta_data!.path_in_schema.join('.'), column.meta_data!.codec]));
    const read = await parquetReadObjects({ file: body, compressors: { GZIP: (input: Uint8Array) => gunzipSync(input) } });

    // Assess
    expect(codecs).toMatchObject({ source_file: 'UNCOMPRESSED', client_type: 'UNCOMPRESSED', overage_cap: 'UNCOMPRESSED', userid: 'GZIP', credits_used: 'GZIP', subscription_tier: 'GZIP' });
    expect(read.map((row) => [row['userid'], row['credits_used'], row['subscription_tier'], row['client_type'], row['overage_cap'], row['usage_limit']])).toEqual([
      ['u-1', 3.5, 'PRO', 'KIRO_IDE', null, 1000n],
      ['u-2', 12.25, 'PRO_PLUS', 'KIRO_IDE', null, null],
      ['u-3', 0.5, 'POWER', 'KIRO_IDE', null, null],
    ]);
  });
});
