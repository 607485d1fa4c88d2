/** The config of the monthly statement's companions (issue 13): budget.teams, budget.reminderDay and chat, with the errors naming each key. */
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../handlers/shared/config.js';
import { buildPipelineSettings } from '../../handlers/shared/build-settings.js';
import { parseSettings } from '../../handlers/shared/settings.js';

const REQUIRED = { report: { bucket: 'example-kiro-reports', prefix: 'kiro' }, identityStoreId: 'd-1234567890', alertEmails: ['kiro-admins@example.com'] };
const NAMES = { athenaWorkGroup: 'wg', analyticsBucket: 'analytics', crawlerNames: ['a', 'b'] };
const TEAMS_CHANNEL = '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2';
const TEAM_ID = '5a6f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b';
const TENANT_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

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

describe('budget.teams and budget.reminderDay', () => {
  it('default to no team budgets and the 15th, and reach the handlers', () => {
    // Act
    const config = validateConfig(REQUIRED, 'test');
    const settings = parseSettings(JSON.stringify(buildPipelineSettings(config, NAMES)));

    // Assess
    expect(config.budget).toEqual({ forecastStepShare: 0.1, reminderDay: 15 });
    expect(settings.budget.reminderDay).toBe(15);
    expect(settings.budget.teams).toBeUndefined();
  });

  it('accepts team budgets and another day', () => {
    // Act
    const config = validateConfig({ ...REQUIRED, budget: { monthlyUsd: 500, teams: { Platform: 100, unassigned: 0 }, reminderDay: 20 } }, 'test');
    const settings = parseSettings(JSON.stringify(buildPipelineSettings(config, NAMES)));

    // Assess
    expect(settings.budget).toEqual({ monthlyUsd: 500, forecastStepShare: 0.1, teams: { Platform: 100, unassigned: 0 }, reminderDay: 20 });
  });

  it.each([
    ['a negative team budget', { budget: { teams: { Platform: -1 } } }, 'budget.teams.Platform: expected a number >= 0'],
    ['a list of budgets', { budget: { teams: [100] } }, 'budget.teams: expected an object of team name to USD a month, e.g. {"Platform": 100}'],
    ['a day some months lack', { budget: { reminderDay: 31 } }, 'budget.reminderDay: expected an integer from 1 to 28 (a day every month has)'],
    ['a day that is no integer', { budget: { reminderDay: 14.5 } }, 'budget.reminderDay: expected an integer from 1 to 28 (a day every month has)'],
  ])('refuses %s', (_case, extra, problem) => {
    // Act
    const found = problems(extra);

    // Assess
    expect(found).toEqual([problem]);
  });
});

describe('chat', () => {
  it('defaults to no channel', () => {
    // Act
    const config = validateConfig(REQUIRED, 'test');

    // Assess
    expect(config.chat).toEqual({});
  });

  it('accepts a Slack and a Microsoft Teams channel', () => {
    // Prepare
    const chat = { slack: { workspaceId: 'T0123ABCD45', channelId: 'C0123ABCD45' }, teams: { teamId: TEAM_ID, channelId: TEAMS_CHANNEL, tenantId: TENANT_ID } };

    // Act
    const config = validateConfig({ ...REQUIRED, chat }, 'test');

    // Assess
    expect(config.chat).toEqual(chat);
  });

  it.each([
    ['a workspace name instead of its id', { slack: { workspaceId: 'acme-corp', channelId: 'C0123ABCD45' } }, 'chat.slack.workspaceId: expected a Slack workspace id (upper-case letters and digits, e.g. T0123ABCD45)'],
    ['a channel name with its #', { slack: { workspaceId: 'T0123ABCD45', channelId: '#kiro-alerts' } }, 'chat.slack.channelId: expected a Slack channel id (letters and digits, e.g. C0123ABCD45)'],
    ['a channel id not URL-encoded', { teams: { teamId: TEAM_ID, channelId: '19:abc@thread.tacv2', tenantId: TENANT_ID } }, 'chat.teams.channelId: expected a URL-encoded Microsoft Teams channel id (19%3a…%40thread.tacv2)'],
    ['a tenant that is no UUID', { teams: { teamId: TEAM_ID, channelId: TEAMS_CHANNEL, tenantId: 'contoso' } }, 'chat.teams.tenantId: expected a Microsoft Entra tenant id (a UUID)'],
    ['an unknown chat service', { discord: {} }, 'chat.discord: unknown field (expected one of slack, teams)'],
  ])('refuses %s', (_case, chat, problem) => {
    // Act
    const found = problems({ chat });

    // Assess
    expect(found).toEqual([problem]);
  });
});
