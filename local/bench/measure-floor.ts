/**
 * The floor of one bench size, in its own process: the time DuckDB alone takes to read every
 * report CSV under a folder once into a table (one `read_csv` per report over all its files, every
 * cell VARCHAR, the dialect fixed as the run's load fixes it, no sniffing), with the engine settings
 * the measured run gets. Nothing can load the reports faster on this machine, so a run's time ÷
 * this floor says how much the rest of the run costs. Prints one JSON line: seconds, rows, peak RSS.
 *
 *   node --import tsx local/bench/measure-floor.ts REPORTS [--max-memory SIZE] [--threads N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPORT_TABLES } from '../../handlers/shared/report-format.js';
import { sqlString } from '../../handlers/shared/sql-literals.js';
import { readCsvHeader } from '../aws/athena/csv-header.js';
import { findReportFiles } from '../aws/athena/report-files.js';
import { engineSettings, readMachine } from '../run/engine-settings.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'max-memory': { type: 'string' }, threads: { type: 'string' } },
});
const [reportsDir] = positionals;
if (!reportsDir) throw new Error('usage: measure-floor.ts REPORTS [--max-memory SIZE] [--threads N]');
const engine = engineSettings(readMachine(), { maxMemory: values['max-memory'], threads: values.threads }, process.env);

const files = await findReportFiles(reportsDir);
// The widest header of each report: every line is read into that many columns, shorter ones padded.
const widths = Object.fromEntries(REPORT_TABLES.map((table) => [table, Math.max(1, ...files[table].map((file) => readCsvHeader(file.path).names.length))]));
const spill = await mkdtemp(join(tmpdir(), 'kiro-bench-floor-'));
const instance = await DuckDBInstance.create(':memory:', {
  memory_limit: `${Math.floor(engine.memoryBytes / 2 ** 20)}MiB`,
  threads: String(engine.threads),
  temp_directory: spill,
});
const connection = await instance.connect();
let rows = 0;
const started = performance.now();
for (const table of REPORT_TABLES) {
  if (files[table].length === 0) continue;
  const columns = Array.from({ length: widths[table] ?? 1 }, (_, index) => `${sqlString(`column_${index + 1}`)}: 'VARCHAR'`).join(', ');
  await connection.run(
    `CREATE TABLE ${table} AS SELECT * FROM read_csv([${files[table].map((file) => sqlString(file.path)).join(', ')}],
      header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', null_padding = true, filename = true, columns = {${columns}})`,
  );
  rows += Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjects()[0]?.n ?? 0);
}
const seconds = (performance.now() - started) / 1000;
connection.closeSync();
instance.closeSync();
await rm(spill, { recursive: true, force: true });
console.log(JSON.stringify({ seconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
