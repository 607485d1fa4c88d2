/**
 * Symlinked report files and folders, as `aws s3 sync` into a linked folder or a hand-made tree
 * leaves them: followed, each file read once, a loop reported once and not followed, a broken
 * link reported; a folder that cannot be read is an error naming it.
 */
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../handlers/shared/config.js';
import { logger } from '../../handlers/shared/logger.js';
import { findReportFiles, ReportFolderError } from '../../local/aws/athena/report-files.js';
import { runLocal } from '../../local/run/run-local.js';
import { outcomeOf } from './support/run-outcome.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../pipeline.config.example.json', import.meta.url));
const FIXTURE_BUCKET = fileURLToPath(new URL('../fixtures/bucket', import.meta.url));

const REPORTS = 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/11';
const HEADER = 'Date,UserId,Client_Type\n';

let root: string;
let elsewhere: string;

beforeAll(async () => {
  const workDir = await mkdtemp(join(tmpdir(), 'kiro-symlinks-'));
  root = join(workDir, 'reports');
  elsewhere = join(workDir, 'elsewhere');
  await mkdir(join(root, REPORTS, '19', '00'), { recursive: true });
  await writeFile(join(root, REPORTS, '19', '00', 'KIRO_IDE_111122223333_user_report_202611190200.csv'), HEADER);
  // A day folder kept outside the tree, linked in; and one file linked in from outside.
  await mkdir(join(elsewhere, '20', '00'), { recursive: true });
  await writeFile(join(elsewhere, '20', '00', 'KIRO_IDE_111122223333_user_report_202611200200.csv'), HEADER);
  await writeFile(join(elsewhere, 'KIRO_CLI_111122223333_user_report_202611190200.csv'), HEADER);
  await symlink(join(elsewhere, '20'), join(root, REPORTS, '20'));
  await symlink(join(elsewhere, 'KIRO_CLI_111122223333_user_report_202611190200.csv'), join(root, REPORTS, '19', '00', 'KIRO_CLI_111122223333_user_report_202611190200.csv'));
  // A loop back to the month, a link to itself, a broken link, and a second link to the linked day.
  await symlink(join(root, REPORTS), join(root, REPORTS, '19', '00', 'again'));
  await symlink('self', join(root, REPORTS, '19', 'self'));
  await symlink(join(elsewhere, 'gone.csv'), join(root, REPORTS, '19', '00', 'PLUGIN_111122223333_user_report_202611190200.csv'));
  await symlink(join(elsewhere, '20'), join(root, REPORTS, '21'));
});

afterAll(async () => {
  await rm(join(root, '..'), { recursive: true, force: true });
});

describe('findReportFiles over symlinks', () => {
  it('follows linked files and folders, reads each once, and reports every link it does not follow, once', async () => {
    // Prepare
    const notices: string[] = [];

    // Act
    const files = await findReportFiles(root, { onNotice: (message) => notices.push(message) });

    // Assess
    expect(files.user_report.map((file) => file.path.slice(root.length + REPORTS.length + 2))).toEqual([
      '19/00/KIRO_CLI_111122223333_user_report_202611190200.csv',
      '19/00/KIRO_IDE_111122223333_user_report_202611190200.csv',
      '20/00/KIRO_IDE_111122223333_user_report_202611200200.csv',
    ]);
    expect(files.user_report[2]?.partitions).toEqual(['us-east-1', '2026', '11', '20', '00']);
    expect(notices).toHaveLength(4);
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^symlink loop: .*\/19\/00\/again leads back to .*\/2026\/11; not followed$/),
        expect.stringMatching(/^symlink loop: .*\/19\/self points to itself; not followed$/),
        expect.stringMatching(/^broken symlink .*PLUGIN_111122223333_user_report_202611190200\.csv \(ENOENT: no such file or folder\); skipped$/),
        expect.stringMatching(/^.*\/2026\/11\/21 is the folder .*\/2026\/11\/20 again \(through a symlink\): read once$/),
      ]),
    );
  });

  it('names a folder that cannot be read', async () => {
    // Prepare: the seam stands in for a folder without read permission (tests may run as root).
    process.env.KIRO_LOCAL_FAULT = 'readdir@2026/11/19=EACCES';
    try {
      // Act
      const walking = findReportFiles(root);

      // Assess
      await expect(walking).rejects.toThrow(ReportFolderError);
      await expect(findReportFiles(root)).rejects.toThrow(/^cannot read the folder .*\/2026\/11\/19 \(EACCES: permission denied\)$/);
    } finally {
      delete process.env.KIRO_LOCAL_FAULT;
    }
  });
});

describe('a local run over a bucket with a linked day folder', () => {
  it('loads the linked day like any other, and says nothing was skipped', async () => {
    // Prepare: the fixture bucket with its September day kept elsewhere and linked in.
    logger.setLogLevel('SILENT');
    const config = readConfigFile(EXAMPLE_CONFIG);
    const workDir = await mkdtemp(join(tmpdir(), 'kiro-linked-day-'));
    const bucket = join(workDir, 'bucket');
    await cp(FIXTURE_BUCKET, bucket, { recursive: true });
    const month = join(bucket, 'kiro/AWSLogs/111122223333/KiroLogs/user_report/us-east-1/2026/09');
    await rename(month, join(workDir, 'september'));
    await symlink(join(workDir, 'september'), month);
    const notices: string[] = [];

    // Act
    const linked = await runLocal({ reportsDir: bucket, outDir: join(workDir, 'out'), config, onNotice: (message) => notices.push(message) });

    // Assess
    expect(outcomeOf(linked)).toEqual({ status: 'SUCCEEDED' });
    expect(linked.input.reportDate).toBe('2026-09-15');
    expect((linked.output as { rowsSeen: number }).rowsSeen).toBeGreaterThan(0);
    const days = (await readFile(join(workDir, 'out', 'views', 'credits_daily.csv'), 'utf8')).split('\n').slice(1).map((line) => line.slice(0, 10));
    expect(new Set(days.filter(Boolean))).toEqual(new Set(['2026-02-10', '2026-07-10', '2026-09-15']));
    expect(notices).toEqual([]);
    await rm(workDir, { recursive: true, force: true });
  });
});
