/**
 * The two Glue crawlers in the local run. Loading the report CSVs into DuckDB is what a crawl
 * stands for; both crawlers share one load, because one pass over the folder catalogs both
 * tables. A load error becomes a FAILED crawl with the error message, as Glue reports it.
 */
import type { LocalAthena } from './athena/local-athena.js';

/** The parts of Glue's GetCrawler answer the state machine reads. */
interface CrawlerAnswer {
  Crawler: { Name: string; State: 'READY'; LastCrawl: { Status: 'SUCCEEDED' | 'FAILED'; ErrorMessage?: string } };
}

/** Local `glue:startCrawler` and `glue:getCrawler` (difference `one-crawl`, local/aws/differences.ts). */
export class LocalCrawlers {
  private crawl: Promise<string | undefined> | undefined;

  constructor(
    private readonly athena: LocalAthena,
    private readonly reportsDir: string,
  ) {}

  /**
   * Loads the reports once; later calls share the first load. Resolves the failure message of
   * a failed load (what Glue would report for the crawl), `undefined` on success.
   */
  load(): Promise<string | undefined> {
    this.crawl ??= this.athena.registerCrawledTables(this.reportsDir).then(
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
    };
  };
}

function crawlerName(input: unknown): string {
  const name = (input as { Name?: unknown }).Name;
  if (typeof name !== 'string' || name === '') throw new Error('Glue crawler call without a Name');
  return name;
}
