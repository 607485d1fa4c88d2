/**
 * Headless Debian Chromium driven by playwright-core, for looking at `dashboard.html` the way a
 * reader's browser does: a fresh profile each time, nothing fetched in the background.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's `chromium` package (playwright-core downloads no browser of its own). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, reproducible headless browser in a container. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running browser with its own temporary profile; `close` ends it and removes the profile. */
export interface Chromium {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * Starts Chromium with a viewport of `width`×`height`. Throws saying how to install it when
 * `/usr/bin/chromium` is missing.
 */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  await access(CHROMIUM_PATH).catch(() => {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (sudo apt-get install -y --no-install-recommends chromium)`);
  });
  const profile = await mkdtemp(join(tmpdir(), 'kiro-dashboard-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      viewport,
      // Fixed, so screenshots and number formats do not depend on the machine.
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
