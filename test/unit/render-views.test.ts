import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler as createRenderViewsHandler } from '../../handlers/render-views/handler.js';
import { createdViews, planViews } from '../../handlers/render-views/plan-views.js';
import { readSqlFiles } from '../../handlers/render-views/read-sql-files.js';
import { GENERATED_FILE } from '../../handlers/render-views/settings-views.js';
import { isSqlFile, viewNames } from '../../handlers/render-views/view-names.js';
import { logger } from '../../handlers/shared/logger.js';
import { testSettings } from './support/settings.js';

/** The project's view files, in file-name order. */
const SQL_FILES = readdirSync(fileURLToPath(new URL('../../sql/', import.meta.url))).filter(isSqlFile).sort();

const view = (name: string): string => `-- ${name}\nCREATE OR REPLACE VIEW ${name} AS\nSELECT 1 AS one\n`;

describe('planViews', () => {
  it('orders the files by name and keeps view, file and SQL', () => {
    // Prepare
    const files = [
      { file: '02_activity_daily.sql', text: view('activity_daily') },
      { file: '01_credits_daily.sql', text: `${view('credits_daily')};\n` },
    ];

    // Act
    const plan = planViews(files);

    // Assess
    expect(plan.statements).toEqual([
      { view: 'credits_daily', file: '01_credits_daily.sql', sql: '-- credits_daily\nCREATE OR REPLACE VIEW credits_daily AS\nSELECT 1 AS one' },
      { view: 'activity_daily', file: '02_activity_daily.sql', sql: '-- activity_daily\nCREATE OR REPLACE VIEW activity_daily AS\nSELECT 1 AS one' },
    ]);
  });

  it('accepts lowercase keywords and a quoted view name', () => {
    // Act
    const plan = planViews([{ file: '03_user_directory.sql', text: 'create or replace view "user_directory" as select 1' }]);

    // Assess
    expect(plan.statements.map((statement) => statement.view)).toEqual(['user_directory']);
  });

  it('ignores a CREATE VIEW inside a comment', () => {
    // Act
    const plan = planViews([
      { file: '01_credits_daily.sql', text: `/* was: CREATE OR REPLACE VIEW old_credits */\n-- CREATE OR REPLACE VIEW x\n${view('credits_daily')}` },
    ]);

    // Assess
    expect(plan.statements).toHaveLength(1);
  });

  it('fails on an empty folder', () => {
    // Act + Assess
    expect(() => planViews([])).toThrow('render-views: no NN_<view>.sql files found');
  });

  it.each([
    ['a file name without number', 'credits_daily.sql', view('credits_daily'), 'credits_daily.sql: file name must be NN_<view>.sql'],
    ['a view name other than the file name', '01_credits_daily.sql', view('credits'), '01_credits_daily.sql: creates view credits, but the file name says credits_daily'],
    ['no view', '01_credits_daily.sql', 'SELECT 1', '01_credits_daily.sql: expected exactly one CREATE OR REPLACE VIEW credits_daily, found 0'],
    ['two views', '01_credits_daily.sql', `${view('credits_daily')};\n${view('credits_daily')}`, '01_credits_daily.sql: expected exactly one CREATE OR REPLACE VIEW credits_daily, found 2'],
  ])('names the file holding %s', (_label, file, text, message) => {
    // Act + Assess
    expect(() => planViews([{ file, text }])).toThrow(`render-views: ${message}`);
  });
});

describe('render-views edge', () => {
  let dir: string;

  beforeEach(async () => {
    logger.setLogLevel('SILENT');
    dir = await mkdtemp(join(tmpdir(), 'render-views-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads only *.sql files from the folder', async () => {
    // Prepare
    await writeFile(join(dir, '01_credits_daily.sql'), view('credits_daily'));
    await writeFile(join(dir, 'README.md'), '# not a view');

    // Act
    const files = await readSqlFiles(dir);

    // Assess
    expect(files).toEqual([{ file: '01_credits_daily.sql', text: view('credits_daily') }]);
  });

  it('names a missing folder', async () => {
    // Act + Assess
    await expect(readSqlFiles(join(dir, 'nope'))).rejects.toThrow(`render-views: cannot read the SQL folder ${join(dir, 'nope')} (ENOENT)`);
  });

  it('plans the views generated from the settings, then the project views of sql/ in the contract order', async () => {
    // Prepare
    const handler = createRenderViewsHandler({ sqlDir: fileURLToPath(new URL('../../sql/', import.meta.url)), settings: testSettings() });

    // Act
    const plan = await handler();

    // Assess
    // The file list itself is the contract test/sql/trino-syntax.test.ts holds; here: settings views first, then every file in order.
    expect(plan.statements.map((statement) => statement.file)).toEqual([GENERATED_FILE, GENERATED_FILE, ...SQL_FILES]);
    // Each file's view is the one its SQL creates (read here from the text, not from the file name).
    const sqlDir = fileURLToPath(new URL('../../sql/', import.meta.url));
    const createdByFiles = SQL_FILES.flatMap((file) => createdViews(readFileSync(join(sqlDir, file), 'utf8')));
    expect(plan.statements.map((statement) => statement.view)).toEqual(['pipeline_settings', 'tier_prices', ...createdByFiles]);
    expect(plan.statements[1]?.sql).toContain("('PRO', CAST(20 AS double), CAST(1000 AS double), true)");
  });

  it('names a setting that cannot be rendered', async () => {
    // Prepare
    await writeFile(join(dir, '01_credits_daily.sql'), view('credits_daily'));
    const settings = testSettings();
    const handler = createRenderViewsHandler({ sqlDir: dir, settings: { ...settings, pricing: { ...settings.pricing, overagePricePerCredit: Number.NaN } } });

    // Act + Assess
    await expect(handler()).rejects.toThrow('render-views: pricing.overagePricePerCredit: expected a finite number, got NaN');
  });
});

describe('one view-name rule for the plan and the grants', () => {
  let dir: string;

  beforeEach(async () => {
    logger.setLogLevel('SILENT');
    dir = await mkdtemp(join(tmpdir(), 'view-names-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('grants exactly the views RenderViews plans from sql/', async () => {
    // Prepare
    const sqlDir = fileURLToPath(new URL('../../sql/', import.meta.url));

    // Act
    const plan = await createRenderViewsHandler({ sqlDir, settings: testSettings() })();

    // Assess
    expect(viewNames(sqlDir)).toEqual(plan.statements.map((statement) => statement.view));
  });

  it.each(['1_x.sql', '001_x.sql', '01_X.sql', '01-x.sql'])('refuses %s on both paths with the same error', async (file) => {
    // Prepare
    await writeFile(join(dir, '01_credits_daily.sql'), view('credits_daily'));
    await writeFile(join(dir, file), view('x'));
    const message = `render-views: ${file}: file name must be NN_<view>.sql (two digits, underscore, lowercase view name)`;

    // Act + Assess
    expect(() => viewNames(dir)).toThrow(message);
    await expect(createRenderViewsHandler({ sqlDir: dir, settings: testSettings() })()).rejects.toThrow(message);
  });

  it('skips files that are not SQL on both paths', async () => {
    // Prepare
    await writeFile(join(dir, '01_credits_daily.sql'), view('credits_daily'));
    await writeFile(join(dir, 'README.md'), '# not a view');

    // Act
    const plan = await createRenderViewsHandler({ sqlDir: dir, settings: testSettings() })();

    // Assess
    expect(viewNames(dir)).toEqual(['pipeline_settings', 'tier_prices', 'credits_daily']);
    expect(plan.statements.map((statement) => statement.view)).toEqual(viewNames(dir));
  });
});
