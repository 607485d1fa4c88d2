/**
 * The local stand-in for Athena and the Glue catalog: an in-memory DuckDB with the Trino shim,
 * tables loaded the way the crawlers catalog the reports, and the project's views. It implements
 * the handlers' `QueryRunner` port (`run(sql)` returning rows of strings, like GetQueryResults).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createdViews, withoutComments, type ViewPlan } from '../../../handlers/render-views/plan-views.js';
import { MATERIALISED_VIEWS } from '../differences.js';
import { monthChunkConditions } from './month-chunks.js';
import { createCanonicalTables, registerCanonicalFiles } from './canonical-tables.js';
import { loadReportTable } from './crawled-tables.js';
import {
  CANONICAL_PARTITION_COLUMN,
  CANONICAL_TABLES,
  GROUP_MEMBERSHIP_TABLE,
  USER_MAPPING_TABLE,
  BY_USER_ANALYTIC_COLUMNS,
  BY_USER_ANALYTIC_TABLE,
  USER_REPORT_FIXED_COLUMNS,
  USER_REPORT_TABLE,
} from '../../../handlers/shared/report-format.js';
import type { LoadIssue } from '../../../handlers/shared/query-runner.js';
import { findReportFiles } from './report-files.js';
import { sqlIdentifier, sqlString } from '../../../handlers/shared/sql-literals.js';
import { TRINO_SHIM_MACROS, trinoCasts } from './trino-shim.js';
import { findMappingFiles, GROUP_MEMBERSHIP, loadUserMapping } from './user-mapping.js';

/** The table a view is computed into by {@link LocalAthena.snapshotViews}. */
const SNAPSHOT_SUFFIX = '__snapshot';

/** How often a long load asks the engine how far it has come. */
const PROGRESS_POLL_MS = 250;

/** One result row: every value as a string (as Athena returns them), SQL NULL as `null`. */
export type Row = Record<string, string | null>;

/** Athena + Glue, locally. */
export class LocalAthena {
  private reportIssues: LoadIssue[] = [];
  private mappingIssues: LoadIssue[] = [];
  private membershipIssues: LoadIssue[] = [];
  private canonicalIssues: LoadIssue[] = [];
  /** Each view's CREATE statement, in the order the views were (last) created. */
  private readonly viewStatements = new Map<string, string>();
  /** The views computed into their snapshot tables ({@link computeViews}), until what they read changes. */
  private readonly computed = new Set<string>();
  /** Computing and putting back views one at a time: concurrent readers wait for the same tables. */
  private queue: Promise<void> = Promise.resolve();
  /** Closed once ({@link close}): a second close does nothing. */
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Runs one statement (its numeric casts as Trino casts, see `trinoCasts`) and returns its rows with values as strings. */
  async run(sql: string): Promise<Row[]> {
    const readOnly = isReadOnly(sql);
    if (readOnly) await this.computeViews(this.viewsReadBy(sql));
    const reader = await this.connection.runAndReadAll(trinoCasts(sql));
    // A write behind the views' backs (tests set tables up this way, a canonical one while it has
    // no files and is a table): the views computed so far
    // read what it wrote when next read. A materialised one keeps its rows until what it reads is
    // loaded again (difference materialised-base-views).
    if (!readOnly) await this.putBack([...this.computed]);
    return reader.getRowObjects().map((row) =>
      Object.fromEntries(Object.entries(row).map(([column, value]) => [column, value === null ? null : String(value)])),
    );
  }

  /**
   * What the two Glue crawlers do: (re)creates `user_report` and `by_user_analytic` from every
   * report CSV under `reportsRoot`. Non-CSV objects are skipped; a missing folder is an error
   * naming it. A line or a file that cannot be read is left out and kept for {@link loadIssues};
   * the rest loads. `onProgress` is told, while it loads, how many files are loaded: whole tables
   * counted, plus the engine's estimate of the table being loaded.
   */
  async registerCrawledTables(reportsRoot: string, onProgress?: (filesDone: number, filesTotal: number) => void): Promise<void> {
    const files = await findReportFiles(reportsRoot);
    const tables = [
      { table: USER_REPORT_TABLE, files: files[USER_REPORT_TABLE], fixed: USER_REPORT_FIXED_COLUMNS },
      { table: BY_USER_ANALYTIC_TABLE, files: files[BY_USER_ANALYTIC_TABLE], fixed: BY_USER_ANALYTIC_COLUMNS },
    ];
    const total = tables.reduce((sum, { files: tableFiles }) => sum + tableFiles.length, 0);
    const issues: LoadIssue[] = [];
    let loaded = 0;
    for (const { table, files: tableFiles, fixed } of tables) {
      const watch = onProgress && setInterval(() => onProgress(loaded + (tableFiles.length * (this.progress() ?? 0)) / 100, total), PROGRESS_POLL_MS);
      try {
        issues.push(...(await loadReportTable(this.connection, table, tableFiles, fixed)));
      } finally {
        clearInterval(watch);
      }
      loaded += tableFiles.length;
      onProgress?.(loaded, total);
    }
    this.reportIssues = issues;
    // After the load: a view computed again (a materialised one at once) reads the new rows.
    await this.putBack(this.viewsReading([USER_REPORT_TABLE, BY_USER_ANALYTIC_TABLE]));
  }

  /**
   * (Re)creates `user_mapping` from `<mappingRoot>/resolved_date=YYYY-MM-DD/*`; empty when none.
   * A damaged line or a misplaced file is left out and kept for {@link loadIssues}.
   */
  async registerUserMapping(mappingRoot: string): Promise<void> {
    const { files, issues } = await findMappingFiles(mappingRoot);
    this.mappingIssues = [...issues, ...(await loadUserMapping(this.connection, files))];
    // After the load: a view computed again (a materialised one at once) reads the new rows.
    await this.putBack(this.viewsReading([USER_MAPPING_TABLE]));
  }

  /**
   * (Re)creates `group_membership` from `<membershipRoot>/read_date=YYYY-MM-DD/*` (the snapshots
   * read-groups wrote); empty when none. A damaged line or a misplaced file is left out and kept
   * for {@link loadIssues}.
   */
  async registerGroupMembership(membershipRoot: string): Promise<void> {
    const { files, issues } = await findMappingFiles(membershipRoot, GROUP_MEMBERSHIP);
    this.membershipIssues = [...issues, ...(await loadUserMapping(this.connection, files, GROUP_MEMBERSHIP))];
    // After the load: a view computed again (a materialised one at once) reads the new rows.
    await this.putBack(this.viewsReading([GROUP_MEMBERSHIP_TABLE]));
  }

  /**
   * (Re)creates the canonical tables (`user_report_rows`, `user_report_model_messages`,
   * `report_issue_counts`) as views over `<bucketRoot>/canonical/<table>/report_date=YYYY-MM-DD/*.parquet`,
   * read at query time as the stack's tables with partition projection read them; empty tables
   * when none were written yet.
   */
  async registerCanonicalTables(bucketRoot: string): Promise<void> {
    this.canonicalIssues = await registerCanonicalFiles(this.connection, bucketRoot);
    // After the listing: a view computed again (a materialised one at once) reads the new files.
    await this.putBack(this.viewsReading(CANONICAL_TABLES));
  }

  /**
   * What the last loads left out, with line and reason: the QueryRunner port's local-only
   * extra (`load-issues` in local/aws/differences.ts), which CheckData reports.
   */
  loadIssues(): readonly LoadIssue[] {
    return [...this.reportIssues, ...this.mappingIssues, ...this.membershipIssues, ...this.canonicalIssues];
  }

  /**
   * What `athena:startQueryExecution.sync` does with a CREATE OR REPLACE VIEW statement; a view of
   * {@link MATERIALISED_VIEWS} is then computed into a table (difference `materialised-base-views`).
   * The views that read the view are put back to their own statements first.
   */
  async createView(sql: string): Promise<void> {
    const created = createdViews(sql);
    // The views themselves too: one computed before is computed again from its new statement.
    await this.putBack([...created, ...this.viewsReading(created)]);
    await this.runViewStatement(sql);
    for (const view of created) {
      // Kept in the order created, which is the order the views depend on each other.
      this.viewStatements.delete(view);
      this.viewStatements.set(view, sql);
    }
  }

  private async runViewStatement(sql: string): Promise<void> {
    await this.connection.run(trinoCasts(sql));
    for (const view of createdViews(sql).filter((name) => MATERIALISED_VIEWS.includes(name))) {
      const cache = sqlIdentifier(`${view}__materialized`);
      // A month at a time (the view is day-local): the engine holds one month in its windows.
      const [first, ...rest] = monthChunkConditions(await this.monthsRead(sql));
      await this.connection.run(`CREATE OR REPLACE TABLE ${cache} AS SELECT * FROM ${sqlIdentifier(view)}${where(first)}`);
      for (const condition of rest) await this.connection.run(`INSERT INTO ${cache} SELECT * FROM ${sqlIdentifier(view)}${where(condition)}`);
      await this.connection.run(`CREATE OR REPLACE VIEW ${sqlIdentifier(view)} AS SELECT * FROM ${cache}`);
    }
  }

  /** The months (`YYYY-MM-01`) of the canonical tables' rows that `sql` reads. */
  private async monthsRead(sql: string): Promise<string[]> {
    const tables = CANONICAL_TABLES.filter((table) => mentions(sql, table));
    if (tables.length === 0) return [];
    const month = `strftime(date_trunc('month', ${CANONICAL_PARTITION_COLUMN}), '%Y-%m-%d')`;
    const reader = await this.connection.runAndReadAll(
      tables.map((table) => `SELECT DISTINCT ${month} AS month FROM ${sqlIdentifier(table)} WHERE ${CANONICAL_PARTITION_COLUMN} IS NOT NULL`).join(' UNION '),
    );
    return reader.getRowObjects().map((row) => String(row.month));
  }

  /**
   * Difference `views-computed-once`: computes every view into a table (see {@link computeViews}),
   * so the datasets and `views/` read each view's rows instead of deriving them again.
   * `onComputed` is told after each view it computes how many of those not computed yet are done
   * (nothing when every view is computed already).
   */
  snapshotViews(onComputed?: (done: number, total: number) => void): Promise<void> {
    return this.computeViews([...this.viewStatements.keys()], onComputed);
  }

  /** The views whose statements `sql` names, with every view those name in turn, in the order created. */
  private viewsReadBy(sql: string): string[] {
    const read = new Set<string>();
    const visit = (text: string): void => {
      for (const view of this.viewStatements.keys()) {
        if (read.has(view) || !mentions(text, view)) continue;
        read.add(view);
        visit(this.viewStatements.get(view) ?? '');
      }
    };
    visit(sql);
    return [...this.viewStatements.keys()].filter((view) => read.has(view));
  }

  /** The views that read any of `names` (tables or views), directly or through other views. */
  private viewsReading(names: readonly string[]): string[] {
    const reading = new Set<string>();
    let changed = [...names];
    while (changed.length > 0) {
      const next = [...this.viewStatements].filter(([view, sql]) => !reading.has(view) && changed.some((name) => name !== view && mentions(sql, name)));
      for (const [view] of next) reading.add(view);
      changed = next.map(([view]) => view);
    }
    return [...reading];
  }

  /**
   * Difference `views-computed-once`: computes each of `views` not yet computed into its table,
   * in the order the views were created (each then reads the tables of the views before it), and
   * points the view at its table. Holds until a table or view it reads changes ({@link putBack}).
   * A view that cannot be computed is left as it is (whoever reads it gets its error).
   */
  private computeViews(views: readonly string[], onComputed?: (done: number, total: number) => void): Promise<void> {
    return this.serially(async () => {
      const pending = views.filter((view) => !this.computed.has(view) && !MATERIALISED_VIEWS.includes(view));
      for (const [index, view] of pending.entries()) {
        await this.computeView(view);
        onComputed?.(index + 1, pending.length);
      }
    });
  }

  /**
   * Computes `view` into its table and points the view at it; leaves a view that fails as it is,
   * unless the engine itself failed ({@link isEngineFault}): that error names the view.
   */
  private async computeView(view: string): Promise<void> {
    const table = sqlIdentifier(`${view}${SNAPSHOT_SUFFIX}`);
    try {
      await this.connection.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${sqlIdentifier(view)}`);
    } catch (error) {
      if (isEngineFault(error)) throw new Error(`Computing view ${view} failed: ${(error as Error).message}`);
      return;
    }
    await this.connection.run(`CREATE OR REPLACE VIEW ${sqlIdentifier(view)} AS SELECT * FROM ${table}`);
    this.computed.add(view);
  }

  /** Puts `views` back to their own statements (a materialised one is computed again) and drops their tables. */
  private putBack(views: readonly string[]): Promise<void> {
    return this.serially(async () => {
      const stale = views.filter((view) => this.computed.has(view) || MATERIALISED_VIEWS.includes(view));
      const statements = new Set(stale.flatMap((view) => this.viewStatements.get(view) ?? []));
      // In the order created: a materialised view computed again reads what it reads as it is now.
      for (const sql of new Set(this.viewStatements.values())) if (statements.has(sql)) await this.runViewStatement(sql);
      for (const view of stale) {
        if (!this.computed.delete(view)) continue;
        await this.connection.run(`DROP TABLE IF EXISTS ${sqlIdentifier(`${view}${SNAPSHOT_SUFFIX}`)}`);
      }
    });
  }

  /** Runs `work` after every earlier compute or put-back has finished. */
  private serially(work: () => Promise<void>): Promise<void> {
    const done = this.queue.then(work);
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Creates a RenderViews plan's views in order, as CreateViews does; an error names the file. */
  async createViews(plan: ViewPlan): Promise<void> {
    for (const { file, sql } of plan.statements) {
      try {
        await this.createView(sql);
      } catch (error) {
        throw new Error(`View file ${file} failed: ${(error as Error).message}`);
      }
    }
  }

  /** Names of the views in the database, sorted; not the canonical tables, which are views over their files here only. */
  async listViews(): Promise<string[]> {
    const rows = await this.run(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'VIEW' ORDER BY table_name`,
    );
    return rows.map((row) => String(row.table_name)).filter((name) => !(CANONICAL_TABLES as readonly string[]).includes(name));
  }

  /**
   * Writes every row of a table or view to a CSV file with a header row, sorted by all columns
   * so the same data always gives the same bytes.
   */
  async exportCsv(relation: string, path: string): Promise<void> {
    await this.computeViews(this.viewsReadBy(sqlIdentifier(relation)));
    await this.connection.run(
      `COPY (SELECT * FROM ${sqlIdentifier(relation)} ORDER BY ALL) TO ${sqlString(path)} (FORMAT csv, HEADER true)`,
    );
  }

  /**
   * How far the statement running now has come, in percent as DuckDB estimates it; `undefined`
   * when none is running or there is no estimate (needs {@link EngineLimits}: tracking is on).
   */
  progress(): number | undefined {
    const { percentage } = this.connection.progress;
    return percentage >= 0 ? percentage : undefined;
  }

  /** Releases the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Limits of the engine: DuckDB keeps to `memoryBytes` by spilling to `tempDirectory`. */
export interface EngineLimits {
  memoryBytes: number;
  threads: number;
  /** Where DuckDB spills what does not fit in `memoryBytes`. */
  tempDirectory: string;
}

/** The compressed in-memory database the tables and views live in (a name no Glue database is likely to have: `<database>.<table>` must name the schema). */
const TABLES_CATALOG = 'local_athena_tables';

/**
 * Creates an empty in-memory engine with the Trino shim installed. The tables and views live in a
 * schema named like the Glue database, so both `credits_daily` and `kiro_activity.credits_daily`
 * resolve, in a database whose tables are stored compressed. Without `limits`, DuckDB's defaults
 * (80% of the memory, every core, no progress tracking).
 */
export async function createLocalAthena(database = 'kiro_activity', limits?: EngineLimits): Promise<LocalAthena> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new Error(`Invalid database name "${database}": expected lowercase letters, digits and _`);
  }
  const instance = await DuckDBInstance.create(
    ':memory:',
    limits && {
      memory_limit: `${Math.floor(limits.memoryBytes / 2 ** 20)}MiB`,
      threads: String(limits.threads),
      temp_directory: limits.tempDirectory,
    },
  );
  const connection = await instance.connect();
  // Query progress for LocalAthena.progress; the bar itself is never printed.
  if (limits) await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  // The tables compressed, as in a database file: DuckDB holds an in-memory table's blocks
  // uncompressed and spills them so (15 GB of spill at 10,000 people x 730 days, 5.6 GB compressed).
  await connection.run(`ATTACH ':memory:' AS ${TABLES_CATALOG} (COMPRESS)`);
  await connection.run(`CREATE SCHEMA ${TABLES_CATALOG}.${database}`);
  await connection.run(`USE ${TABLES_CATALOG}.${database}`);
  for (const macro of TRINO_SHIM_MACROS) {
    await connection.run(macro);
  }
  // The stack defines the canonical tables, so they exist (empty) before any run wrote to them.
  await createCanonicalTables(connection);
  // So is group_membership (issue 13): empty until read-groups wrote a snapshot.
  await loadUserMapping(connection, [], GROUP_MEMBERSHIP);
  return new LocalAthena(instance, connection);
}

/** Whether `sql` names `name` as a whole word outside comments (`credits_daily`, not `credits_daily__materialized`). */
function mentions(sql: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`, 'i').test(withoutComments(sql));
}

/** ` WHERE condition`, or nothing without one. */
function where(condition: string | undefined): string {
  return condition === undefined ? '' : ` WHERE ${condition}`;
}

/**
 * Whether `error` is DuckDB failing in itself (`INTERNAL Error`, `FATAL Error`), not the view's
 * SQL: the database is invalidated, so every later statement fails with it, and the one that hit
 * it is the one to report.
 */
function isEngineFault(error: unknown): boolean {
  return error instanceof Error && /^(?:INTERNAL|FATAL) Error\b/.test(error.message);
}

/** Whether a statement only reads: a query, or a COPY of a query to a file. */
function isReadOnly(sql: string): boolean {
  return /^\s*(?:(?:select|with|values|describe|show|summarize)\b|copy\s*\()/i.test(withoutComments(sql));
}
