/**
 * The two Glue crawlers in the local run. Loading the report CSVs into DuckDB is what a crawl
 * stands for; both crawlers share one load, because one pass over the folder catalogs both
 * tables. A load error becomes a FAILED crawl with the error message, as Glue reports it.
 */
import { PARTITION_COLUMNS, PATH_COLUMN } from '../../handlers/shared/report-format.js';
import { sqlString } from '../../handlers/shared/sql-literals.js';
import type { GetCrawlerResponse, GetTableResponse } from '@aws-sdk/client-glue';
import type { LocalAthena } from './athena/local-athena.js';
import type { SdkResultPart } from './sdk-results.js';
import { namedError } from './step-functions/handlers.js';

/** The parts of Glue's GetCrawler answer the state machine reads. */
interface CrawlerAnswer {
  Crawler: { Name: string; State: 'READY'; LastCrawl: { Status: 'SUCCEEDED' | 'FAILED'; ErrorMessage?: string } };
}

/** Local `glue:startCrawler` and `glue:getCrawler` (difference `one-crawl`, local/aws/differences.ts). */
export class LocalCrawlers {
  private crawl: Promise<string | undefined> | undefined;

  constructor(
    private readonly athena: LocalAthena,
    /** The --reports folder both crawlers read (the report bucket of the local run). */
    readonly reportsDir: string,
    /** Told, while the load runs, how many of the report files are loaded (an estimate within a table). */
    private readonly onProgress?: (filesDone: number, filesTotal: number) => void,
  ) {}

  /**
   * Loads the reports once; later calls share the first load. Resolves the failure message of
   * a failed load (what Glue would report for the crawl), `undefined` on success.
   */
  load(): Promise<string | undefined> {
    this.crawl ??= this.athena.registerCrawledTables(this.reportsDir, this.onProgress).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    return this.crawl;
  }

  /** `glue:startCrawler`: starts the shared load (or joins the one already done). */
  start = async (input: unknown): Promise<Record<string, never>> => {
    crawlerName(input);
    void this.load();
    return {};
  };

  /** `glue:getCrawler`: READY once the load is over, with its outcome as the last crawl. */
  get = async (input: unknown): Promise<CrawlerAnswer> => {
    const name = crawlerName(input);
    if (!this.crawl) throw new Error(`crawler ${name} was never started`);
    const failure = await this.crawl;
    return {
      Crawler: {
        Name: name,
        State: 'READY',
        LastCrawl: failure === undefined ? { Status: 'SUCCEEDED' } : { Status: 'FAILED', ErrorMessage: failure },
      },
    } satisfies SdkResultPart<GetCrawlerResponse>;
  };
}

/**
 * `glue:getTable` on a crawled table, answered from the DuckDB catalog: the table's columns as
 * `Table.StorageDescriptor.Columns` (without `"$path"`, a pseudo column, and the partition
 * columns, which Glue lists as PartitionKeys), or Glue.EntityNotFoundException when the load
 * made no such table.
 */
export async function getCrawledTable(athena: LocalAthena, input: unknown): Promise<{ Table: { Name: string; DatabaseName: string; StorageDescriptor: { Columns: Array<{ Name: string; Type: string }> } } }> {
  const { DatabaseName, Name } = input as { DatabaseName?: unknown; Name?: unknown };
  if (typeof DatabaseName !== 'string' || typeof Name !== 'string') throw new Error('glue:getTable without a DatabaseName and a Name');
  const rows = await athena.run(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${sqlString(Name)} ORDER BY ordinal_position`,
  );
  if (rows.length === 0) throw namedError('Glue.EntityNotFoundException', `Table ${Name} not found.`);
  const hidden = new Set<string>([PATH_COLUMN, ...PARTITION_COLUMNS]);
  const columns = rows.map((row) => String(row.column_name)).filter((column) => !hidden.has(column));
  return { Table: { Name, DatabaseName, StorageDescriptor: { Columns: columns.map((column) => ({ Name: column, Type: 'string' })) } } } satisfies SdkResultPart<GetTableResponse>;
}

function crawlerName(input: unknown): string {
  const name = (input as { Name?: unknown }).Name;
  if (typeof name !== 'string' || name === '') throw new Error('Glue crawler call without a Name');
  return name;
}
