/**
 * Reads the file that stands in for IAM Identity Center in the local run: either the JSON that
 * `aws identitystore list-users --identity-store-id …` prints, or a plain CSV with the header
 * `id,user_name,display_name,email`. Ids absent from the file behave as deleted users.
 */
import { readFile } from 'node:fs/promises';
import { parseCsvRecords } from './csv-records.js';

/** What Identity Center's DescribeUser tells about one person. */
export interface DirectoryEntry {
  userName: string;
  displayName: string;
}

/** Directory entries by Identity Center user id. */
export type Directory = ReadonlyMap<string, DirectoryEntry>;

/** Loads and parses a directory file, choosing the format by its content. */
export async function loadDirectoryFile(path: string): Promise<Directory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`directory file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseDirectory(text, path);
}

/** Parses directory text: JSON when it starts with `{`, CSV otherwise. */
export function parseDirectory(text: string, source: string): Directory {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('{') ? parseListUsersJson(body, source) : parseDirectoryCsv(body, source);
}

function parseListUsersJson(text: string, source: string): Directory {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`directory file ${source}: not valid JSON (${(error as Error).message})`);
  }
  const users = (parsed as { Users?: unknown }).Users;
  if (!Array.isArray(users)) {
    throw new Error(`directory file ${source}: expected the output of 'aws identitystore list-users' ({"Users": [...]})`);
  }
  const directory = new Map<string, DirectoryEntry>();
  users.forEach((user: Record<string, unknown>, index) => {
    const id = user.UserId;
    if (typeof id !== 'string' || id === '') {
      throw new Error(`directory file ${source}: Users[${index}].UserId is missing`);
    }
    const userName = typeof user.UserName === 'string' ? user.UserName : '';
    const displayName = typeof user.DisplayName === 'string' ? user.DisplayName : userName;
    directory.set(id, { userName, displayName });
  });
  return directory;
}

const CSV_HEADER = ['id', 'user_name', 'display_name', 'email'];

function parseDirectoryCsv(text: string, source: string): Directory {
  const { records, unterminatedQuote } = parseCsvRecords(text);
  if (unterminatedQuote) {
    throw new Error(`directory file ${source}: unterminated quote`);
  }
  const [header, ...rows] = records;
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  const missing = CSV_HEADER.slice(0, 3).filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new Error(`directory file ${source}: CSV header must be ${CSV_HEADER.join(',')} (missing ${missing.join(', ')})`);
  }
  const column = (name: string): number => names.indexOf(name);
  const directory = new Map<string, DirectoryEntry>();
  rows.forEach((row, index) => {
    if (row.length === 1 && row[0]?.trim() === '') return; // blank line
    const id = row[column('id')]?.trim();
    if (!id) throw new Error(`directory file ${source}: line ${index + 2} has no id`);
    directory.set(id, {
      userName: row[column('user_name')]?.trim() ?? '',
      displayName: row[column('display_name')]?.trim() ?? '',
    });
  });
  return directory;
}
