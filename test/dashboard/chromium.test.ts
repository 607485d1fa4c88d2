/** Finding the browser of the dashboard test: Debian's Chromium, or the binary CHROMIUM_PATH names. */
import { describe, expect, it } from 'vitest';
import { assertChromium, chromiumPath, DEFAULT_CHROMIUM_PATH } from '../../local/dashboard/chromium.js';

describe('chromiumPath', () => {
  it("is Debian's chromium unless CHROMIUM_PATH names another binary", () => {
    // Act
    const paths = [chromiumPath({}), chromiumPath({ CHROMIUM_PATH: '' }), chromiumPath({ CHROMIUM_PATH: '/opt/chrome/chrome' })];

    // Assess
    expect(paths).toEqual(['/usr/bin/chromium', DEFAULT_CHROMIUM_PATH, '/opt/chrome/chrome']);
  });
});

describe('assertChromium', () => {
  it('says in one line where it looked, what to set and how to install Chromium', async () => {
    // Act
    const failure = assertChromium('/nonexistent/chromium');

    // Assess
    await expect(failure).rejects.toThrow(
      new Error(
        "Chromium not found at /nonexistent/chromium (set CHROMIUM_PATH to another binary): install Debian's chromium package: sudo apt-get install -y --no-install-recommends chromium",
      ),
    );
  });

  it('refuses a file that is not executable', async () => {
    // Act + Assess: this test file exists but cannot be run.
    await expect(assertChromium(new URL(import.meta.url).pathname)).rejects.toThrow(/^Chromium not found at /);
  });
});
