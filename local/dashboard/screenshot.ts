/**
 * Writes the README's picture of the dashboard: `dashboard.html` of a local run opened in
 * headless Chromium at a laptop's 1366×768, Overview sheet.
 *
 *   npm run local && npx tsx local/dashboard/screenshot.ts [out/dashboard.html] [docs/dashboard.png]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './chromium.js';

const [page = 'out/dashboard.html', png = 'docs/dashboard.png'] = process.argv.slice(2);
const browser = await launchChromium({ width: 1366, height: 768 });
try {
  const tab = await browser.context.newPage();
  await tab.goto(pathToFileURL(resolve(page)).href);
  await tab.locator('#sheet-overview canvas[data-points]').first().waitFor();
  await tab.screenshot({ path: png });
  console.log(`Wrote ${png} from ${page}`);
} finally {
  await browser.close();
}
