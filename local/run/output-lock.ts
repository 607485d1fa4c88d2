/**
 * One run at a time per `--out`: the lock file `.kiro-local-run.lock` is created exclusively
 * (`O_EXCL`) and names the run holding it (pid, host, start time). A lock whose process is gone,
 * killed or crashed, is stale: the next run clears it, says so, and takes the folder.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { faultPoint } from '../fault-injection.js';
import { FolderRefusedError } from '../own-folder.js';

/** `--out` is in use by another run that is still running (exit code 2). */
export class OutputLockedError extends FolderRefusedError {
  override name = 'OutputLockedError';
}

/** What a lock file says about the run holding it. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** A held lock; {@link release} removes it. */
export interface OutputLock {
  holder: LockHolder;
  release(): Promise<void>;
}

/** A lock file younger than this with no readable content is a run still writing it. */
const UNWRITTEN_LOCK_GRACE_MS = 5_000;

/**
 * Takes the lock at `path` for this process. Throws {@link OutputLockedError} naming the holder
 * when another live run holds it; clears a stale one (telling `onNotice`) and takes it.
 */
export async function acquireOutputLock(path: string, label: string, onNotice?: (message: string) => void): Promise<OutputLock> {
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await createLock(path, holder)) {
      return { holder, release: () => releaseLock(path, holder) };
    }
    const found = await readLock(path);
    if (found === 'gone') continue;
    if (found === 'unwritten') throw new OutputLockedError(`${label}: another run is starting in it (its lock ${path} is being written); wait for it to end or choose another --out`);
    if (isRunning(found)) {
      throw new OutputLockedError(
        `${label}: another run is using it (pid ${found.pid}${found.host === holder.host ? '' : ` on ${found.host}`}, started ${found.startedAt}); ` +
          `wait for it to end or choose another --out`,
      );
    }
    if (await clearStaleLock(path, found)) {
      onNotice?.(`cleared the lock of a run that is no longer running (pid ${found.pid}, started ${found.startedAt})`);
    }
  }
  throw new OutputLockedError(`${label}: its lock ${path} keeps changing hands; try again`);
}

async function createLock(path: string, holder: LockHolder): Promise<boolean> {
  let file;
  try {
    file = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    faultPoint('write', path);
    await file.writeFile(`${JSON.stringify(holder)}\n`);
    await file.sync();
  } catch (error) {
    await file.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await file.close();
  return true;
}

/** The holder named by the lock file; `gone` when there is none, `unwritten` while being created. */
async function readLock(path: string): Promise<LockHolder | 'gone' | 'unwritten'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const holder = parseHolder(text);
  if (holder) return holder;
  // Created but not written: a run is writing it now, or died between the two (stale once old).
  const age = await stat(path).then(
    (info) => Date.now() - info.mtimeMs,
    () => Number.POSITIVE_INFINITY,
  );
  return age < UNWRITTEN_LOCK_GRACE_MS ? 'unwritten' : { pid: 0, host: hostname(), startedAt: 'unknown' };
}

/** The holder a lock file's text names, or `undefined` when it names none. */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string') {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt };
    }
  } catch {
    // Unparseable: treated as unwritten.
  }
  return undefined;
}

/**
 * Whether the lock's run may still be running: a process with its pid exists on this host and
 * did not start after the lock was taken (a pid reused by a later process is not the run). A lock
 * from another host cannot be checked and counts as running.
 */
export function isRunning(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (!Number.isSafeInteger(holder.pid) || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStartMs(holder.pid);
  const locked = Date.parse(holder.startedAt);
  return started === undefined || Number.isNaN(locked) || started <= locked + 2_000;
}

/** When a process started (Linux `/proc`), to tell a reused pid; `undefined` where unknown. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = readFileSync('/proc/stat', 'utf8').split('\n').find((line) => line.startsWith('btime '));
    const boot = Number(bootLine?.split(' ')[1]);
    // USER_HZ is 100 on every Linux the project runs on.
    return Number.isFinite(ticks) && Number.isFinite(boot) ? (boot + ticks / 100) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock, unless another run replaced it meanwhile: the lock is moved aside, and
 * put back when what was moved is not the stale lock that was read.
 */
async function clearStaleLock(path: string, stale: LockHolder): Promise<boolean> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = parseHolder(await readFile(aside, 'utf8').catch(() => ''));
  const same = moved === undefined ? stale.pid === 0 : moved.pid === stale.pid && moved.startedAt === stale.startedAt;
  if (!same) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return same;
}

async function releaseLock(path: string, holder: LockHolder): Promise<void> {
  const found = await readLock(path).catch(() => 'gone' as const);
  if (typeof found === 'object' && found.pid === holder.pid && found.startedAt === holder.startedAt) {
    await unlink(path).catch(() => undefined);
  }
}
