import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../stacks/constructs/pipeline-function.js';

const run = promisify(execFile);

/** Every scratch folder a synth wrote (the bundles among them), removed once the file's tests are done. */
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CDK CLI in the project, without AWS credentials, into a scratch output folder. */
async function cdkSynth(...args: string[]): Promise<{ code: number; output: string; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'kiro-cdk-out-'));
  scratch.push(outdir);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', CDK_DISABLE_VERSION_CHECK: 'true' };
  try {
    const { stdout, stderr } = await run('npx', ['cdk', 'synth', '--quiet', '--output', outdir, ...args], { cwd: PROJECT_ROOT, env, timeout: 170_000 });
    return { code: 0, output: stdout + stderr, outdir };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, outdir };
  }
}

/** The example config is used only when there is no local config. */
const HAS_LOCAL_CONFIG = existsSync(join(PROJECT_ROOT, 'pipeline.config.json'));

let exampleRun: ReturnType<typeof cdkSynth> | undefined;
/**
 * The CLI's synth of the example config, run once for the file: it bundles every Lambda, so the
 * bundling test reads the assets it wrote rather than bundling them all again.
 */
function exampleSynth(): ReturnType<typeof cdkSynth> {
  exampleRun ??= cdkSynth(...(HAS_LOCAL_CONFIG ? ['-c', 'config=pipeline.config.example.json'] : []));
  return exampleRun;
}

describe('bundling', () => {
  it('puts the SQL files beside the render-views module and the deploy-time views module', { timeout: 180_000 }, async () => {
    // Prepare: the assets of the CLI's own synth.
    const { code, output, outdir } = await exampleSynth();
    expect(code, output).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'KiroActivityPipeline.template.json'), 'utf8')) as { Resources: Record<string, any> };
    const functionOf = (handler: string): any =>
      Object.values(template.Resources).find(
        (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === `kiro-activity-${handler}`,
      );

    // Act
    const assetDirs = ['render-views', 'deploy-views'].map((handler) =>
      join(outdir, `asset.${String(functionOf(handler).Properties.Code.S3Key).replace(/\.zip$/, '')}`),
    );

    // Assess
    const sqlFiles = readdirSync(join(PROJECT_ROOT, 'sql')).filter((file) => file.endsWith('.sql'));
    expect(sqlFiles.length).toBeGreaterThan(0);
    for (const assetDir of assetDirs) {
      expect(readdirSync(join(assetDir, 'sql')).sort()).toEqual(sqlFiles.sort());
      expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
      expect(readFileSync(join(assetDir, 'index.mjs'), 'utf8')).toContain('createRequire');
    }
  });
});

describe('cdk synth', () => {
  it('synthesizes with the example config and no credentials, warning about the example', { timeout: 180_000 }, async () => {
    // Act
    const result = await exampleSynth();

    // Assess
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/AwsSolutions-/);
    if (!HAS_LOCAL_CONFIG) {
      expect(result.output).toContain('using the example pipeline.config.example.json');
    }
  });

  it('synthesizes with QuickSight and Lake Formation on, with no credentials and no earlier run', { timeout: 180_000 }, async () => {
    // Prepare: the example with both sections on (one deploy from zero: the views resource creates the views).
    const example = JSON.parse(readFileSync(join(PROJECT_ROOT, 'pipeline.config.example.json'), 'utf8'));
    const dir = mkdtempSync(join(tmpdir(), 'kiro-everything-on-'));
    scratch.push(dir);
    const path = join(dir, 'everything-on.json');
    writeFileSync(path, JSON.stringify({ ...example, quicksight: { ...example.quicksight, enabled: true }, lakeFormation: { ...example.lakeFormation, enabled: true } }));

    // Act (the CLI bundles on synth: it lets no context skip that)
    const result = await cdkSynth('-c', `config=${path}`);

    // Assess
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/AwsSolutions-/);
  });

  it('stops with a message naming each invalid field', { timeout: 120_000 }, async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'kiro-bad-config-'));
    scratch.push(dir);
    const path = join(dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({ report: { bucket: 'UPPER', prefix: 'kiro' }, identityStoreId: 'store', alertEmails: ['ok@example.com', 'nope'], scheduleUtc: '3:00' }),
    );

    // Act
    const result = await cdkSynth('-c', `config=${path}`);

    // Assess
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('config: report.bucket: expected an S3 bucket name');
    expect(result.output).toContain('config: identityStoreId: expected d-xxxxxxxxxx');
    expect(result.output).toContain('config: alertEmails[1]: expected an e-mail address');
    expect(result.output).toContain('config: scheduleUtc: expected HH:MM');
  });
});
