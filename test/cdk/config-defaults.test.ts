import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG_FILE } from '../../handlers/shared/config.js';
import { PROJECT_ROOT } from '../../stacks/constructs/pipeline-function.js';
import { documentedDefaultMismatches, exampleDefaultMismatches, schemaDefaults } from './config-defaults.js';

/** The committed example, as parsed JSON. */
function example(): any {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, EXAMPLE_CONFIG_FILE), 'utf8'));
}

function projectFile(name: string): string {
  return readFileSync(join(PROJECT_ROOT, name), 'utf8');
}

describe('schemaDefaults', () => {
  it('reads field defaults and the defaults of absent sections from the schema', () => {
    // Act
    const { keys, defaults } = schemaDefaults();

    // Assess
    expect(defaults.get('scheduleUtc')).toBe('03:00');
    expect(defaults.get('people.usageCategories.heavy')).toBe(5000);
    expect(defaults.get('quicksight.enabled')).toBe(false);
    expect(Object.keys(defaults.get('pricing.tiers') as object)).toEqual(['FREE', 'PRO', 'PRO_PLUS', 'PRO_MAX', 'POWER']);
    expect(defaults.has('report.bucket')).toBe(false);
    expect(keys).toContain('report.bucket');
    expect(keys).toContain('lakeFormation.adminRoleArn');
  });
});

describe('the committed example', () => {
  it('states every default with the schema value', () => {
    // Act
    const mismatches = exampleDefaultMismatches(example());

    // Assess
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['a changed value', (c: any) => (c.spikes.trailingDays = 7), 'spikes.trailingDays: 7, the default is 14'],
    ['a missing key', (c: any) => delete c.staleAfterDays, 'staleAfterDays: missing, the default is 3'],
    ['a changed tier', (c: any) => (c.pricing.tiers.PRO.monthlyPriceUsd = 19), 'pricing.tiers: {"FREE"'],
    ['an extra tier', (c: any) => (c.pricing.tiers.TEAM = { monthlyPriceUsd: 30, includedCredits: 1500 }), 'pricing.tiers: {"FREE"'],
    ['a changed section default', (c: any) => (c.quicksight.enabled = true), 'quicksight.enabled: true, the default is false'],
  ])('is caught with %s', (_change, doctor, expected) => {
    // Prepare
    const doctored = example();
    doctor(doctored);

    // Act
    const mismatches = exampleDefaultMismatches(doctored);

    // Assess
    expect(mismatches).toEqual([expect.stringContaining(expected)]);
  });

  it('excuses only the keys it is told the example shows differently', () => {
    // Act
    const mismatches = exampleDefaultMismatches(example(), {});

    // Assess
    expect(mismatches).toEqual([expect.stringMatching(/^quicksight\.principalArns: \["arn:aws:quicksight:.*\], the default is \[\]$/)]);
  });
});

describe.each(['README.md', 'docs/contracts.md'])('the defaults %s states', (file) => {
  it('equal the schema defaults', () => {
    // Act
    const { checked, mismatches } = documentedDefaultMismatches(projectFile(file), file);

    // Assess
    expect(mismatches).toEqual([]);
    expect(checked).toEqual(expect.arrayContaining(['people.trailingDays', 'people.inactiveAfterDays', 'pricing.creditsUsedIncludesOverage']));
  });
});

describe('documentedDefaultMismatches', () => {
  const readme = projectFile('README.md');
  const contracts = projectFile('docs/contracts.md');

  it('checks the README tables, inline notes and jsonc blocks, and the contracts block', () => {
    // Act
    const readmeChecked = documentedDefaultMismatches(readme, 'README.md').checked;
    const contractsChecked = documentedDefaultMismatches(contracts, 'contracts.md').checked;

    // Assess
    expect(readmeChecked).toEqual(
      expect.arrayContaining(['scheduleUtc', 'report.logsFolder', 'spikes.teamDailyOverageUsd', 'users.describeConcurrency', 'quicksight.datasetIdPrefix']),
    );
    expect(contractsChecked).toEqual(expect.arrayContaining(['glueDatabase', 'pricing.tiers.FREE.allowsOverage', 'logRetentionDays', 'athenaResultsExpiryDays']));
  });

  it.each([
    ['a table value', readme, '| `03:00` |', '| `04:00` |', 'scheduleUtc: states "04:00", the default is "03:00"'],
    ['a value among several in a row', readme, '| `100`, `3`, `14`, `50` |', '| `100`, `3`, `14`, `60` |', 'spikes.teamDailyOverageUsd: states 60, the default is 50'],
    ['a row with a value missing', readme, '| `100`, `3`, `14`, `50` |', '| `100`, `3`, `14` |', '3 defaults for 4 keys'],
    ['prose for a key with a default', readme, '| `staleAfterDays` | alert when the newest data is older than this | `3` |', '| `staleAfterDays` | alert when the newest data is older than this | three |', 'staleAfterDays: has a default the table does not state ("three")'],
    ['a key the schema does not have', readme, '| `scheduleUtc` |', '| `scheduleUTC` |', 'scheduleUTC: not a config key'],
    ['an inline note', readme, '`people.trailingDays` (30)', '`people.trailingDays` (31)', 'people.trailingDays: states 31, the default is 30'],
    ['a jsonc value', readme, '"inactiveAfterDays": 14,', '"inactiveAfterDays": 21,', 'people.inactiveAfterDays: states 21, the default is 14'],
    ['a jsonc default comment', readme, '// default false', '// default true', 'quicksight.enabled: states true, the default is false'],
    ['a jsonc tier', contracts, '"includedCredits": 50,', '"includedCredits": 75,', 'pricing.tiers.FREE.includedCredits: states 75, the default is 50'],
    ['a tier the default lacks', contracts, '"POWER":', '"TEAM":', 'pricing.tiers.TEAM.monthlyPriceUsd: states 200, the default has no such key'],
    ['an inline default', contracts, '`glueDatabase` (default `kiro_activity`)', '`glueDatabase` (default `kiro`)', 'glueDatabase: states "kiro", the default is "kiro_activity"'],
  ])('catches %s', (_change, document, from, to, expected) => {
    // Prepare
    expect(document).toContain(from);
    const doctored = document.replace(from, to);

    // Act
    const { mismatches } = documentedDefaultMismatches(doctored, 'doc.md');

    // Assess
    expect(mismatches).toContainEqual(expect.stringContaining(expected));
  });
});
