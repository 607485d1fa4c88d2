/** The `teams` and `licensedGroups` config (issue 13): shapes, defaults and the errors naming each key. */
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../handlers/shared/config.js';
import { buildPipelineSettings } from '../../handlers/shared/build-settings.js';
import { parseSettings } from '../../handlers/shared/settings.js';

const REQUIRED = { report: { bucket: 'example-kiro-reports', prefix: 'kiro' }, identityStoreId: 'd-1234567890', alertEmails: ['kiro-admins@example.com'] };
const NAMES = { athenaWorkGroup: 'wg', analyticsBucket: 'analytics', crawlerNames: ['a', 'b'] };

/** The problem lines of an invalid config. */
function problems(extra: Record<string, unknown>): readonly string[] {
  try {
    validateConfig({ ...REQUIRED, ...extra }, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('teams and licensedGroups', () => {
  it('default to no teams and no licensed groups', () => {
    // Act
    const config = validateConfig(REQUIRED, 'test');

    // Assess
    expect(config.teams).toBeUndefined();
    expect(config.licensedGroups).toEqual([]);
  });

  it.each([
    [{ attribute: 'department' }],
    [{ attribute: 'costCenter' }],
    [{ groups: ['Platform', 'Data'] }],
  ])('accepts teams %j and hands it to the handlers', (teams) => {
    // Prepare
    const licensedGroups = [{ group: 'kiro-pro', tier: 'PRO' }, { group: 'kiro-power', tier: 'POWER' }];

    // Act
    const config = validateConfig({ ...REQUIRED, teams, licensedGroups }, 'test');
    const settings = parseSettings(JSON.stringify(buildPipelineSettings(config, NAMES)));

    // Assess
    expect(config.teams).toEqual(teams);
    expect(settings.teams).toEqual(teams);
    expect(settings.licensedGroups).toEqual(licensedGroups);
  });

  it('leaves teams out of the settings when unset', () => {
    // Act
    const settings = parseSettings(JSON.stringify(buildPipelineSettings(validateConfig(REQUIRED, 'test'), NAMES)));

    // Assess
    expect(settings.teams).toBeUndefined();
    expect(settings.licensedGroups).toEqual([]);
  });

  it.each([
    ['an unknown attribute', { teams: { attribute: 'team' } }, 'teams.attribute: expected department, costCenter, division, organization'],
    ['both sources', { teams: { attribute: 'department', groups: ['Platform'] } }, 'teams: expected either {"attribute"'],
    ['neither source', { teams: {} }, 'teams: expected either {"attribute"'],
    ['an empty group list', { teams: { groups: [] } }, 'teams.groups: expected at least one Identity Center group display name'],
    ['a group listed twice', { teams: { groups: ['Data', 'Data'] } }, 'teams.groups: expected distinct group names'],
    ['a blank group name', { teams: { groups: [' '] } }, 'teams.groups[0]: expected an Identity Center group display name'],
    ['a tier missing from pricing', { licensedGroups: [{ group: 'kiro-pro', tier: 'ULTRA' }] }, 'licensedGroups[0].tier: expected a tier of pricing.tiers (FREE, PRO, PRO_PLUS, PRO_MAX, POWER), got "ULTRA"'],
    ['a tier in lower case', { licensedGroups: [{ group: 'kiro-pro', tier: 'pro' }] }, 'licensedGroups[0].tier: expected a tier name in upper snake case'],
    ['a licensed group without its tier', { licensedGroups: [{ group: 'kiro-pro' }] }, 'licensedGroups[0].tier: expected'],
    ['a licensed group listed twice', { licensedGroups: [{ group: 'g', tier: 'PRO' }, { group: 'g', tier: 'POWER' }] }, 'licensedGroups: expected distinct group names'],
  ])('refuses %s, naming the key', (_case, extra, expected) => {
    // Act
    const found = problems(extra);

    // Assess
    expect(found).toEqual([expect.stringContaining(expected)]);
  });

  it('refuses a misspelt key, naming it and what teams expects', () => {
    // Act
    const found = problems({ teams: { group: ['Data'] } });

    // Assess
    expect(found).toEqual([expect.stringContaining('teams.group: unknown field'), expect.stringContaining('teams: expected either {"attribute"')]);
  });

  it('checks a licensed tier against the configured tiers, not the list prices', () => {
    // Prepare
    const pricing = { tiers: { TEAM: { monthlyPriceUsd: 30, includedCredits: 1500 } } };

    // Act
    const config = validateConfig({ ...REQUIRED, pricing, licensedGroups: [{ group: 'kiro-team', tier: 'TEAM' }] }, 'test');

    // Assess
    expect(config.licensedGroups).toEqual([{ group: 'kiro-team', tier: 'TEAM' }]);
    expect(problems({ pricing, licensedGroups: [{ group: 'kiro-pro', tier: 'PRO' }] })).toEqual([
      'licensedGroups[0].tier: expected a tier of pricing.tiers (TEAM), got "PRO"',
    ]);
  });
});
