import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../../handlers/shared/config.js';
import { buildStack, exampleConfig } from './stack-fixture.js';

/** The example with QuickSight (and Lake Formation grants) deployed. */
function dashboardsConfig(lakeFormation: boolean): PipelineConfig {
  const base = exampleConfig();
  return { ...base, quicksight: { ...base.quicksight, enabled: true }, lakeFormation: { ...base.lakeFormation, enabled: lakeFormation } };
}

/** The configs checked, by name. */
const CONFIGS = {
  'the example config': exampleConfig(),
  'QuickSight datasets and the deploying account': { ...exampleConfig(), quicksightDatasetIds: ['kiro-credits', 'kiro-activity'], report: { ...exampleConfig().report, accountId: undefined } },
  'QuickSight deployed': dashboardsConfig(false),
  'QuickSight and Lake Formation on': dashboardsConfig(true),
} satisfies Record<string, PipelineConfig>;
type ConfigName = keyof typeof CONFIGS;

const built = new Map<ConfigName, App>();
/** The app of a named config, built once for the file: each build takes seconds, the checks only read it. */
function appOf(name: ConfigName): App {
  const app = built.get(name) ?? buildStack(CONFIGS[name]).app;
  built.set(name, app);
  return app;
}

/** Every cdk-nag acknowledgment recorded in the construct tree (CDK records its own too). */
function acknowledgments(root: IConstruct): Array<{ path: string; id: string; reason: unknown }> {
  return root.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({ path: construct.node.path, id, reason }))),
    )
    .filter((ack) => ack.id.includes('AwsSolutions-'));
}

describe('cdk-nag AwsSolutions', () => {
  it.each(Object.keys(CONFIGS) as ConfigName[])('reports no unacknowledged error or warning with %s', { timeout: 120_000 }, (name) => {
    // Prepare
    const app = appOf(name);

    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    const findings = report.violations.map((violation) => `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it.each(['the example config', 'QuickSight and Lake Formation on'] as const)('gives every acknowledgment a written reason with %s', { timeout: 120_000 }, (name) => {
    // Prepare
    const app = appOf(name);

    // Act
    const acks = acknowledgments(app);

    // Assess
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(typeof ack.reason === 'string' && ack.reason.length >= 40, `${ack.path} ${ack.id}`).toBe(true);
    }
  });

  it('acknowledges wildcard resources one finding at a time, never a whole rule', { timeout: 120_000 }, () => {
    // Prepare
    const app = appOf('QuickSight and Lake Formation on');

    // Act
    const wholeRules = acknowledgments(app).filter((ack) => /AwsSolutions-IAM5$/.test(ack.id));

    // Assess
    expect(wholeRules).toEqual([]);
  });
});
