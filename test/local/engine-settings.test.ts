/**
 * DuckDB's memory limit and threads for `npm run local`: from the machine (or the container's
 * cgroup limits when lower), overridden by the flags, else by the environment; a size or count
 * that cannot be used is refused by name.
 */
import { describe, expect, it } from 'vitest';
import {
  cgroupCpus,
  cgroupMemoryBytes,
  describeEngineSettings,
  EngineSettingError,
  engineSettings,
  outOfMemoryHint,
  parseSize,
  type Machine,
} from '../../local/run/engine-settings.js';
import { parseLocalArgs } from '../../local/args.js';

const GIB = 2 ** 30;
const machine: Machine = { totalMemoryBytes: 16 * GIB, parallelism: 8 };

describe('engineSettings', () => {
  it('gives DuckDB three eighths of the machine memory and every core when nothing is set', () => {
    // Act
    const settings = engineSettings(machine);

    // Assess
    expect(settings).toEqual({ memoryBytes: 6 * GIB, threads: 8, source: { memory: 'machine', threads: 'machine' } });
  });

  it('keeps to a container: the cgroup memory and CPU quota when lower than the machine', () => {
    // Act: a 4 GiB, 2-core container on a 16 GiB, 8-core host.
    const settings = engineSettings({ ...machine, cgroupMemoryMax: `${4 * GIB}\n`, cgroupCpuMax: '200000 100000\n' });

    // Assess
    expect(settings).toEqual({ memoryBytes: 1.5 * GIB, threads: 2, source: { memory: 'cgroup', threads: 'cgroup' } });
  });

  it('ignores cgroup files that set no limit (v2 max, v1 page-rounded 2^63)', () => {
    // Act
    const v2 = engineSettings({ ...machine, cgroupMemoryMax: 'max\n', cgroupCpuMax: 'max 100000\n' });
    const v1 = engineSettings({ ...machine, cgroupMemoryMax: '9223372036854771712\n' });

    // Assess
    expect(v2.source).toEqual({ memory: 'machine', threads: 'machine' });
    expect(v1.memoryBytes).toBe(6 * GIB);
  });

  it('takes the flags over the environment and the environment over the machine', () => {
    // Act
    const flags = engineSettings(machine, { maxMemory: '3GB', threads: '1' }, { KIRO_LOCAL_MAX_MEMORY: '1GB', KIRO_LOCAL_THREADS: '4' });
    const env = engineSettings(machine, {}, { KIRO_LOCAL_MAX_MEMORY: '1500MiB', KIRO_LOCAL_THREADS: '4' });

    // Assess
    expect(flags).toEqual({ memoryBytes: 3e9, threads: 1, source: { memory: 'flag', threads: 'flag' } });
    expect(env).toEqual({ memoryBytes: 1500 * 2 ** 20, threads: 4, source: { memory: 'environment', threads: 'environment' } });
  });

  it.each([
    [{ maxMemory: 'lots' }, {}, '--max-memory lots: expected a size of at least 256MiB, such as 3GB, 3GiB or 512MB'],
    [{ maxMemory: '100MB' }, {}, '--max-memory 100MB: expected a size of at least 256MiB, such as 3GB, 3GiB or 512MB'],
    [{}, { KIRO_LOCAL_MAX_MEMORY: '3 parsecs' }, 'KIRO_LOCAL_MAX_MEMORY=3 parsecs: expected a size of at least 256MiB, such as 3GB, 3GiB or 512MB'],
    [{ threads: '0' }, {}, '--threads 0: expected a whole number of threads from 1 to 1024'],
    [{ threads: '1.5' }, {}, '--threads 1.5: expected a whole number of threads from 1 to 1024'],
    [{}, { KIRO_LOCAL_THREADS: 'many' }, 'KIRO_LOCAL_THREADS=many: expected a whole number of threads from 1 to 1024'],
  ])('refuses %j / %j by name', (given, env, message) => {
    // Act
    const settle = (): unknown => engineSettings(machine, given, env);

    // Assess
    expect(settle).toThrow(EngineSettingError);
    expect(settle).toThrow(message);
  });

  it('says where each setting came from', () => {
    // Act
    const line = describeEngineSettings({ memoryBytes: 3 * GIB, threads: 2, source: { memory: 'flag', threads: 'cgroup' } });

    // Assess
    expect(line).toBe('memory limit 3.0 GiB, 2 threads (from the cgroup)');
  });

  it("names the run's own flags when DuckDB ran out of its memory limit, and nothing for another failure", () => {
    // Prepare
    const settings = engineSettings(machine, { maxMemory: '384MiB' }, {});
    const duckdb = 'Out of Memory Error: could not allocate block of size 256.0 KiB (383.9 MiB/384.0 MiB used)\n\nPossible solutions: ...';

    // Act
    const hints = [outOfMemoryHint(duckdb, settings), outOfMemoryHint('View file 09_user_monthly_cost.sql failed: Binder Error', settings), outOfMemoryHint(undefined, settings)];

    // Assess
    expect(hints).toEqual([
      'DuckDB needed more than its memory limit 384 MiB, 8 threads (from the machine): run again with a larger --max-memory (or KIRO_LOCAL_MAX_MEMORY), or fewer --threads',
      undefined,
      undefined,
    ]);
  });
});

describe('sizes and cgroup files', () => {
  it.each([
    ['3GB', 3e9],
    ['3GiB', 3 * GIB],
    ['3g', 3 * GIB],
    ['1.5GB', 1.5e9],
    ['512MB', 512e6],
    ['1073741824', GIB],
    ['3 GB', 3e9],
  ])('reads %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'GB', '-1GB', '3XB', '3,5GB'])('reads no size in %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });

  it('reads the cgroup limits', () => {
    expect(cgroupMemoryBytes('4294967296\n')).toBe(4 * GIB);
    expect(cgroupMemoryBytes(undefined)).toBeUndefined();
    expect(cgroupCpus('150000 100000')).toBe(1);
    expect(cgroupCpus('50000 100000')).toBe(1);
    expect(cgroupCpus('400000 100000')).toBe(4);
    expect(cgroupCpus('max 100000')).toBeUndefined();
  });
});

describe('npm run local engine flags', () => {
  it('passes --max-memory and --threads through as given', () => {
    // Act
    const args = parseLocalArgs(['--max-memory', '3GB', '--threads', '2']);

    // Assess
    expect(args).toMatchObject({ maxMemory: '3GB', threads: '2' });
  });
});
