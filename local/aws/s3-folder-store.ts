/** The analytics bucket of the local run: objects are files under a folder, keys are relative paths. */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ObjectStore, StoredObject } from '../../handlers/shared/object-store.js';
import { faultPoint } from '../fault-injection.js';

/** {@link ObjectStore} over a folder; writes are atomic (temporary file, then rename). */
export class FolderObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file that holds `key`; refuses keys that would leave the folder. */
  pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`object key ${key} is outside ${this.root}`);
    return path;
  }

  async putText(key: string, body: string): Promise<void> {
    await writeFileAtomically(this.pathOf(key), body);
  }

  async putBytes(key: string, body: Uint8Array): Promise<void> {
    await writeFileAtomically(this.pathOf(key), body);
  }

  async getText(key: string): Promise<string> {
    try {
      return await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      throw new Error(`object ${key} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }

  async listObjects(prefix: string): Promise<StoredObject[]> {
    // Only below the prefix's folder: the rest of --out (reports, views) is never walked.
    const folder = prefix.includes('/') ? this.pathOf(prefix.slice(0, prefix.lastIndexOf('/'))) : this.root;
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const keys = entries
      .filter((entry) => entry.isFile() && !/\.tmp-\d+$/.test(entry.name))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
    return Promise.all(keys.map(async (key) => ({ key, size: (await stat(this.pathOf(key))).size })));
  }

  async findText(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`object ${key} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}

/**
 * Writes a file so that readers see the old content or the new, never a half-written one. A failed
 * write (a full disk) removes its temporary file and leaves the old content in place.
 */
export async function writeFileAtomically(path: string, body: string | Uint8Array | Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    faultPoint('write', path);
    await writeFile(temporary, body);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
