/**
 * The Chart.js build the page inlines: the UMD bundle from the installed `chart.js` package
 * (sets `window.Chart`), so the dashboard opens offline with no CDN.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The source of `chart.js/dist/chart.umd.min.js`, without its source map comment (nothing to fetch). */
export async function chartJsSource(): Promise<string> {
  // The package exports only its ESM/CJS entries; the UMD bundle sits beside the CJS one.
  const entry = createRequire(import.meta.url).resolve('chart.js');
  const source = await readFile(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
  return source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}
