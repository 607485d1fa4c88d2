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
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`directory file ${path}: cannot be read (${code === 'EISDIR' ? 'it is a folder' : (code ?? String(error))})`);
  }
  return parseDirectory(decodeUtf8(bytes, path), path);
}

/**
 * The file's text, held to the standard of the report files: UTF-8 (a BOM allowed), else an
 * error naming the file and the first line that is not.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error(`directory file ${source}: is UTF-16 text; save it as UTF-8`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i += 1) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line += 1;
        start = i + 1;
      }
    }
    throw new Error(`directory file ${source}: line ${line} is not UTF-8 text; save the file as UTF-8`);
  }
}

/** Parses directory text: JSON when it starts with `{` or `[`, CSV otherwise. */
export function parseDirectory(text: string, source: string): Directory {
  const body = text.replace(/^\uFEFF/, '');
  return /^\s*[[{]/.test(body) ? parseListUsersJson(body, source) : parseDirectoryCsv(body, source);
}

const LIST_USERS_SHAPE = `expected the output of 'aws identitystore list-users' ({"Users": [{"UserId": …, "UserName": …, "DisplayName": …}, …]})`;

function parseListUsersJson(text: string, source: string): Directory {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`directory file ${source}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`directory file ${source}: ${LIST_USERS_SHAPE}, got ${Array.isArray(parsed) ? 'an array' : 'a plain value'}`);
  }
  const users = (parsed as { Users?: unknown }).Users;
  if (!Array.isArray(users)) {
    throw new Error(`directory file ${source}: ${LIST_USERS_SHAPE}`);
  }
  const directory = new Map<string, DirectoryEntry>();
  users.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(`directory file ${source}: Users[${index}] is not a user object (${entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry})`);
    }
    const user = entry as Record<string, unknown>;
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
