/** Reading a batch file written by find-users. */

/** The ids of a batch file body `{"ids": [...]}`; an error naming the key for anything else. */
export function parseBatchFile(text: string, key: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`resolve-users: batch file ${key} is not valid JSON (${(error as Error).message})`);
  }
  const ids = (parsed as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
    throw new Error(`resolve-users: batch file ${key}: expected {"ids": ["<user id>", ...]} with non-empty string ids`);
  }
  if (ids.length === 0) throw new Error(`resolve-users: batch file ${key} holds no ids: find-users never writes an empty batch`);
  return ids as string[];
}
