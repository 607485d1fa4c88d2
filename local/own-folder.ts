/**
 * The one rule of the local tools for a folder they write into and later replace: it is theirs
 * when it is missing, empty, or holds their marker file (`sample.json` for `npm run sample`,
 * `.kiro-local-run.json` for `npm run local`). Any other folder is refused, untouched, so a real
 * report download or someone's documents are never deleted or overwritten.
 */
import { readdir, stat } from 'node:fs/promises';

/** A folder that is not the tool's to write into: the message names it and why (exit code 2). */
export class FolderRefusedError extends Error {
  override name = 'FolderRefusedError';
}

/** What is in a folder that passed the rule. */
export interface OwnFolder {
  /** False when the folder does not exist yet. */
  exists: boolean;
  entries: string[];
}

/**
 * Applies the rule to `folder` (named `label` in messages, e.g. `--out out`). `alsoOwn` may accept
 * entries without the marker (the local run's folders from before it wrote one). Reads only.
 */
export async function requireOwnFolder(
  folder: string,
  label: string,
  marker: string,
  alsoOwn?: (entries: readonly string[]) => boolean,
): Promise<OwnFolder> {
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new FolderRefusedError(`${label}: cannot be read (${describeErrno(error)})`);
  });
  if (info === undefined) return { exists: false, entries: [] };
  if (!info.isDirectory()) throw new FolderRefusedError(`${label}: is a file, not a folder`);
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw new FolderRefusedError(`${label}: cannot be read (${describeErrno(error)})`);
  });
  if (entries.length > 0 && !entries.includes(marker) && !alsoOwn?.(entries)) {
    throw new FolderRefusedError(`${label}: folder is not empty and holds no ${marker}; choose a new folder`);
  }
  return { exists: true, entries };
}

/** `ENOSPC: no space left on device`-style text of a file system error. */
export function describeErrno(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string') return String((error as Error)?.message ?? error);
  const reason = ERRNO_TEXT[code];
  return reason ? `${code}: ${reason}` : message;
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};
