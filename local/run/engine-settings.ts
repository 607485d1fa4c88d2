/**
 * How much memory and how many threads the local run's DuckDB may use: set from the machine (its
 * memory and cores, or the cgroup limits of a container when they are lower), overridable by
 * `--max-memory` / `--threads` or `KIRO_LOCAL_MAX_MEMORY` / `KIRO_LOCAL_THREADS`. DuckDB keeps to
 * its memory limit by spilling to a temporary folder, so the run's memory is bounded by design
 * rather than by the size of the reports. Parsing and choosing are pure; {@link readMachine}
 * reads the machine.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** The environment variable that sets DuckDB's memory limit when `--max-memory` is not given. */
export const MAX_MEMORY_ENV = 'KIRO_LOCAL_MAX_MEMORY';
/** The environment variable that sets DuckDB's threads when `--threads` is not given. */
export const THREADS_ENV = 'KIRO_LOCAL_THREADS';

/**
 * The share of the machine's (or container's) memory DuckDB gets by default. The rest is Node's and
 * what DuckDB holds beyond its limit: at 10,000 people × 730 days, a 1.5 GiB limit peaked at
 * 3.0 GiB of RSS.
 */
export const DEFAULT_MEMORY_SHARE = 0.375;
/** The smallest memory limit accepted: below it DuckDB cannot run the views. */
export const MIN_MEMORY_BYTES = 256 * 2 ** 20;

/** What the engine is given. */
export interface EngineSettings {
  /** DuckDB's `memory_limit`, in bytes. */
  memoryBytes: number;
  /** DuckDB's `threads`. */
  threads: number;
  /** Where each came from, for the line the run prints. */
  source: { memory: 'flag' | 'environment' | 'machine' | 'cgroup'; threads: 'flag' | 'environment' | 'machine' | 'cgroup' };
}

/** What the machine offers: its memory and cores, and the cgroup files' text when present. */
export interface Machine {
  totalMemoryBytes: number;
  parallelism: number;
  /** `memory.max` (cgroup v2) or `memory.limit_in_bytes` (v1): a number of bytes or `max`. */
  cgroupMemoryMax?: string;
  /** `cpu.max` (cgroup v2): `<quota> <period>` or `max <period>`. */
  cgroupCpuMax?: string;
}

/** A size or thread count that cannot be used: the message names where it came from. */
export class EngineSettingError extends Error {
  override name = 'EngineSettingError';
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Bytes of a size such as `3GB` (10^9), `3GiB` or `3G` (2^30), `512MB`, `1.5GB` or a plain number
 * of bytes; `undefined` for anything else.
 */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  return Math.floor(Number(match[1]) * unit);
}

/** `3.0 GiB`, `512 MiB`: a size as the run prints it. */
export function formatSize(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** The cgroup's memory limit in bytes, `undefined` when unlimited or unreadable. */
export function cgroupMemoryBytes(text: string | undefined): number | undefined {
  const value = text?.trim();
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const bytes = Number(value);
  // cgroup v1 writes a page-rounded 2^63 for "no limit".
  return bytes > 0 && bytes < 2 ** 60 ? bytes : undefined;
}

/** The cgroup's CPU quota in whole cores (at least 1), `undefined` when unlimited or unreadable. */
export function cgroupCpus(text: string | undefined): number | undefined {
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text ?? '');
  if (!match) return undefined;
  const [quota, period] = [Number(match[1]), Number(match[2])];
  return period > 0 ? Math.max(1, Math.floor(quota / period)) : undefined;
}

/**
 * The engine settings: each from its flag, else its environment variable, else the machine
 * ({@link DEFAULT_MEMORY_SHARE} of the lower of the machine's and the cgroup's memory; the lower
 * of its cores and the cgroup's quota). Throws {@link EngineSettingError} naming a value that is
 * not a size of at least {@link MIN_MEMORY_BYTES} or not a whole number of threads from 1.
 */
export function engineSettings(
  machine: Machine,
  given: { maxMemory?: string; threads?: string } = {},
  env: Readonly<Record<string, string | undefined>> = {},
): EngineSettings {
  const cgroupMemory = cgroupMemoryBytes(machine.cgroupMemoryMax);
  const cgroupCores = cgroupCpus(machine.cgroupCpuMax);
  const memoryText = given.maxMemory ?? env[MAX_MEMORY_ENV];
  const threadsText = given.threads ?? env[THREADS_ENV];
  const memoryLabel = given.maxMemory !== undefined ? `--max-memory ${given.maxMemory}` : `${MAX_MEMORY_ENV}=${memoryText ?? ''}`;
  const threadsLabel = given.threads !== undefined ? `--threads ${given.threads}` : `${THREADS_ENV}=${threadsText ?? ''}`;

  let memoryBytes: number;
  let memorySource: EngineSettings['source']['memory'];
  if (memoryText !== undefined && memoryText.trim() !== '') {
    const bytes = parseSize(memoryText);
    if (bytes === undefined || bytes < MIN_MEMORY_BYTES) {
      throw new EngineSettingError(`${memoryLabel}: expected a size of at least 256MiB, such as 3GB, 3GiB or 512MB`);
    }
    memoryBytes = bytes;
    memorySource = given.maxMemory !== undefined ? 'flag' : 'environment';
  } else {
    const limited = cgroupMemory !== undefined && cgroupMemory < machine.totalMemoryBytes;
    memoryBytes = Math.max(MIN_MEMORY_BYTES, Math.floor((limited ? cgroupMemory : machine.totalMemoryBytes) * DEFAULT_MEMORY_SHARE));
    memorySource = limited ? 'cgroup' : 'machine';
  }

  let threads: number;
  let threadsSource: EngineSettings['source']['threads'];
  if (threadsText !== undefined && threadsText.trim() !== '') {
    if (!/^\s*\d+\s*$/.test(threadsText) || Number(threadsText) < 1 || Number(threadsText) > 1024) {
      throw new EngineSettingError(`${threadsLabel}: expected a whole number of threads from 1 to 1024`);
    }
    threads = Number(threadsText);
    threadsSource = given.threads !== undefined ? 'flag' : 'environment';
  } else {
    const limited = cgroupCores !== undefined && cgroupCores < machine.parallelism;
    threads = Math.max(1, limited ? cgroupCores : machine.parallelism);
    threadsSource = limited ? 'cgroup' : 'machine';
  }
  return { memoryBytes, threads, source: { memory: memorySource, threads: threadsSource } };
}

/** This machine: `os.totalmem()`, `os.availableParallelism()` and the cgroup files when present. */
export function readMachine(): Machine {
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const memory = read('/sys/fs/cgroup/memory.max') ?? read('/sys/fs/cgroup/memory/memory.limit_in_bytes');
  const cpu = read('/sys/fs/cgroup/cpu.max');
  return {
    totalMemoryBytes: totalmem(),
    parallelism: availableParallelism(),
    ...(memory === undefined ? {} : { cgroupMemoryMax: memory }),
    ...(cpu === undefined ? {} : { cgroupCpuMax: cpu }),
  };
}

/** `memory limit 3.0 GiB (--max-memory), 2 threads (machine)`: the line the run prints. */
export function describeEngineSettings(settings: EngineSettings): string {
  const from = (source: string): string => (source === 'flag' ? '' : ` (${source === 'environment' ? 'environment' : `from the ${source}`})`);
  return `memory limit ${formatSize(settings.memoryBytes)}${from(settings.source.memory)}, ${settings.threads} thread${settings.threads === 1 ? '' : 's'}${from(settings.source.threads)}`;
}

/**
 * What to do when a run failed because DuckDB ran out of its memory limit (its `Out of Memory
 * Error`, which suggests DuckDB's own settings, not the run's flags); `undefined` for any other failure.
 */
export function outOfMemoryHint(cause: string | undefined, settings: EngineSettings): string | undefined {
  if (cause === undefined || !/\bOut of Memory Error\b/.test(cause)) return undefined;
  return `DuckDB needed more than its ${describeEngineSettings(settings)}: run again with a larger --max-memory (or ${MAX_MEMORY_ENV}), or fewer --threads`;
}
