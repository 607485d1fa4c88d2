/**
 * Reads the file that stands in for IAM Identity Center in the local run: the JSON that
 * `aws identitystore list-users --identity-store-id …` prints (with `--extensions
 * aws:identitystore:enterprise`, each user's enterprise attributes), optionally in one object
 * with the `Groups` of `list-groups` and the `GroupMemberships` of `list-group-memberships`; or a
 * plain CSV with the header `id,user_name,display_name,email`. Ids absent from the file behave as
 * deleted users, groups absent from it as groups that do not exist.
 */
import { readFile } from 'node:fs/promises';
import { enterpriseAttributes } from '../handlers/shared/identity-center-user-lookup.js';
import type { EnterpriseAttributes } from '../handlers/shared/user-lookup.js';
import { parseCsvRecords } from './csv-records.js';

/** What Identity Center's DescribeUser tells about one person. */
export interface DirectoryEntry {
  userName: string;
  displayName: string;
  /** Set when the file gives the user enterprise attributes (department, costCenter, …). */
  enterprise?: EnterpriseAttributes;
}

/** One Identity Center group of the file: its id and its members' user ids. */
export interface DirectoryGroup {
  groupId: string;
  members: readonly string[];
}

/** Directory entries by Identity Center user id, and the file's groups by display name (none for a CSV). */
export type Directory = ReadonlyMap<string, DirectoryEntry> & { readonly groups?: ReadonlyMap<string, DirectoryGroup> };

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

const LIST_USERS_SHAPE =
  `expected the output of 'aws identitystore list-users' ({"Users": [{"UserId": …, "UserName": …, "DisplayName": …}, …]}), ` +
  `optionally with "Groups" (list-groups) and "GroupMemberships" (list-group-memberships)`;

/** `what` of entry `index` of `key`, as an error names it. */
function entryError(source: string, key: string, index: number, what: string): Error {
  return new Error(`directory file ${source}: ${key}[${index}]${what}`);
}

/** The objects of list `key` of the file's JSON (absent: none), or an error naming the entry that is not one. */
function objectEntries(parsed: Record<string, unknown>, key: string, source: string): Record<string, unknown>[] {
  const list = parsed[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`directory file ${source}: ${key} is not a list; ${LIST_USERS_SHAPE}`);
  return list.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw entryError(source, key, index, ` is not an object (${entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry})`);
    }
    return entry as Record<string, unknown>;
  });
}

/** The file's groups by display name: `Groups` entries with their `GroupMemberships`' user ids. */
function parseGroups(parsed: Record<string, unknown>, source: string): Map<string, DirectoryGroup> {
  const byId = new Map<string, { name: string; members: string[] }>();
  objectEntries(parsed, 'Groups', source).forEach((group, index) => {
    if (typeof group.GroupId !== 'string' || group.GroupId === '') throw entryError(source, 'Groups', index, '.GroupId is missing');
    if (typeof group.DisplayName !== 'string' || group.DisplayName === '') throw entryError(source, 'Groups', index, '.DisplayName is missing');
    byId.set(group.GroupId, { name: group.DisplayName, members: [] });
  });
  objectEntries(parsed, 'GroupMemberships', source).forEach((membership, index) => {
    const group = typeof membership.GroupId === 'string' ? byId.get(membership.GroupId) : undefined;
    if (group === undefined) throw entryError(source, 'GroupMemberships', index, '.GroupId names no group of Groups');
    const member = membership.MemberId as { UserId?: unknown } | undefined;
    if (typeof member?.UserId !== 'string' || member.UserId === '') throw entryError(source, 'GroupMemberships', index, '.MemberId.UserId is missing');
    group.members.push(member.UserId);
  });
  return new Map([...byId].map(([groupId, { name, members }]) => [name, { groupId, members }]));
}

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
  const groups = parseGroups(parsed as Record<string, unknown>, source);
  const directory = Object.assign(new Map<string, DirectoryEntry>(), groups.size > 0 ? { groups } : {});
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
    const enterprise = enterpriseAttributes(user.Extensions as Record<string, unknown> | undefined);
    directory.set(id, Object.keys(enterprise).length > 0 ? { userName, displayName, enterprise } : { userName, displayName });
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
