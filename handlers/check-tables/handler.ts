/** CheckTables: the crawled tables have the report's columns. */
import { eventObject } from '../shared/event-fields.js';
import type { HandlerFactory, HandlerPorts } from '../shared/handler-ports.js';
import { logger } from '../shared/logger.js';
import { checkTables, type CrawledTable, type TableCheck } from './check-tables.js';

/** Builds the CheckTables handler: `{crawled}` (the Crawl step's results) → `$.catalog`. It needs no port. */
export const createHandler = ((_ports: Pick<HandlerPorts, never>) => {
  return async (event: unknown): Promise<TableCheck> => {
    const crawled = crawledTables(eventObject(event, 'check-tables').crawled);
    const check = checkTables({ crawled });
    logger.info('crawled tables checked', { tables: check.tables });
    return check;
  };
}) satisfies HandlerFactory<'check-tables'>;

function crawledTables(value: unknown): CrawledTable[] {
  const isName = (item: unknown): boolean => typeof item === 'object' && item !== null && typeof (item as { Name?: unknown }).Name === 'string';
  const valid =
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' && item !== null &&
        typeof (item as CrawledTable).crawler === 'string' &&
        typeof (item as CrawledTable).table === 'string' &&
        Array.isArray((item as CrawledTable).columns) &&
        (item as CrawledTable).columns.every(isName),
    );
  if (!valid) {
    throw new Error(`check-tables: event.crawled: expected [{crawler, table, columns: [{Name}]}] (the Crawl step's results), got ${JSON.stringify(value)}`);
  }
  return value as CrawledTable[];
}
