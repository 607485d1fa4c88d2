/**
 * Objects in the analytics bucket in AWS, in a folder in the local run. Keys are
 * bucket-relative, e.g. `work/<execution>/batch-0001.json`.
 */
export interface ObjectStore {
  putText(key: string, body: string): Promise<void>;
  /** Puts a binary object (a Parquet file); an empty body makes an empty object. */
  putBytes(key: string, body: Uint8Array): Promise<void>;
  /** The object's text; rejects with an error naming the key when it does not exist. */
  getText(key: string): Promise<string>;
  /** The object's text, or `undefined` when it does not exist (any other failure rejects). */
  findText(key: string): Promise<string | undefined>;
  /** Every object below `prefix`, with its size in bytes. */
  listObjects(prefix: string): Promise<StoredObject[]>;
}

/** An object {@link ObjectStore.listObjects} found. */
export interface StoredObject {
  key: string;
  size: number;
}
