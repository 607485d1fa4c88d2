import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_DIFFERENCES } from '../../local/aws/differences.js';

/** The ids in the README's table of deliberate differences, in order. */
function readmeDifferenceIds(readme: string): string[] {
  const start = readme.indexOf('Where the local run differs from AWS');
  const table = readme.slice(start, readme.indexOf('\n\n', readme.indexOf('| id |', start)));
  return [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1] as string);
}

describe('the deliberate differences from AWS', () => {
  it('are listed once, each with what AWS does, what the local run does and why', () => {
    // Assess
    expect(new Set(LOCAL_DIFFERENCES.map((difference) => difference.id)).size).toBe(LOCAL_DIFFERENCES.length);
    for (const difference of LOCAL_DIFFERENCES) {
      expect([difference.aws, difference.local, difference.why].every((text) => text.length > 10)).toBe(true);
    }
  });

  it('are the ones the README tells users about', () => {
    // Prepare
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

    // Act
    const ids = readmeDifferenceIds(readme);

    // Assess
    expect(ids).toEqual(LOCAL_DIFFERENCES.map((difference) => difference.id));
  });

  it('catches a README table that misses one', () => {
    // Prepare
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/^\| `no-waiting` \|.*\n/m, '');

    // Act
    const ids = readmeDifferenceIds(readme);

    // Assess
    expect(ids).not.toEqual(LOCAL_DIFFERENCES.map((difference) => difference.id));
    expect(ids).not.toContain('no-waiting');
  });
});
