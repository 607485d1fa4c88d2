/** An ObjectStore in a Map, for logic tests that do not exercise S3 itself. */
import type { ObjectStore } from '../../../handlers/shared/object-store.js';

/** Keeps objects in memory; `objects` is inspectable by tests. */
export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, string>();
  /** The binary objects (Parquet files), apart from the text ones. */
  readonly binaries = new Map<string, Uint8Array>();

  async putText(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
  }

  async putBytes(key: string, body: Uint8Array): Promise<void> {
    this.binaries.set(key, body);
  }

  async getText(key: string): Promise<string> {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`memory store: ${key} does not exist`);
    return body;
  }

  async findText(key: string): Promise<string | undefined> {
    return this.objects.get(key);
  }
}
