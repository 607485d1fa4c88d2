/**
 * Headless Debian Chromium driven by playwright-core, for looking at `dashboard.html` the way a
 * reader's browser does: a fresh profile each time, nothing fetched in the background.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's `chromium` package (playwright-core downloads no browser of its own). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Environment variable naming another Chromium (or Chrome) binary than {@link DEFAULT_CHROMIUM_PATH}. */
export const CHROMIUM_PATH_ENV = 'CHROMIUM_PATH';

/** The binary to start: `CHROMIUM_PATH` when set, else {@link DEFAULT_CHROMIUM_PATH}. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[CHROMIUM_PATH_ENV] || DEFAULT_CHROMIUM_PATH;
}

/**
 * Resolves when `path` is an executable; otherwise throws one line naming the path, the variable
 * that changes it and how to install Chromium (playwright's own error would suggest downloading
 * a browser, which playwright-core cannot).
 */
export async function assertChromium(path: string = chromiumPath()): Promise<void> {
  await access(path, constants.X_OK).catch(() => {
    throw new Error(
      `Chromium not found at ${path} (set ${CHROMIUM_PATH_ENV} to another binary): install Debian's chromium package: sudo apt-get install -y --no-install-recommends chromium`,
    );
  });
}

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
 * Starts Chromium ({@link chromiumPath}) with a viewport of `width`×`height`. Throws saying how
 * to install it when the binary is missing ({@link assertChromium}).
 */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  const executablePath = chromiumPath();
  await assertChromium(executablePath);
  const profile = await mkdtemp(join(tmpdir(), 'kiro-dashboard-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
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
