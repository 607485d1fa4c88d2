/** An ObjectStore in a Map, for logic tests that do not exercise S3 itself. */
import type { ObjectStore, StoredObject } from '../../../handlers/shared/object-store.js';

/** Keeps objects in memory; `objects` is inspectable by tests. */
export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, string>();
  /** The binary objects (Parquet files), apart from the text ones. */
  readonly binaries = new Map<string, Uint8Array>();

  async putText(key: string, body: string): Promise<void> {
    this.binaries.delete(key);
    this.objects.set(key, body);
  }

  async putBytes(key: string, body: Uint8Array): Promise<void> {
    this.objects.delete(key);
    this.binaries.set(key, body);
  }

  async getText(key: string): Promise<string> {
    const binary = this.binaries.get(key);
    const body = binary === undefined ? this.objects.get(key) : Buffer.from(binary).toString('utf8');
    if (body === undefined) throw new Error(`memory store: ${key} does not exist`);
    return body;
  }

  async findText(key: string): Promise<string | undefined> {
    const binary = this.binaries.get(key);
    return binary === undefined ? this.objects.get(key) : Buffer.from(binary).toString('utf8');
  }

  async listObjects(prefix: string): Promise<StoredObject[]> {
    const sizes = [
      ...[...this.objects].map(([key, body]) => ({ key, size: Buffer.byteLength(body) })),
      ...[...this.binaries].map(([key, body]) => ({ key, size: body.length })),
    ];
    return sizes.filter(({ key }) => key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key));
  }
}
