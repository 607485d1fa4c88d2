/** The user_mapping JSON-lines format and the key of one batch's mapping file. */
import type { UserMappingColumn } from '../shared/report-format.js';
import type { TeamAttribute } from '../shared/settings.js';
import type { DirectoryUser } from '../shared/user-lookup.js';

/** One line of a user_mapping file: every column of the table (and, by a test, nothing else). */
export interface MappingRecord extends Record<UserMappingColumn, string | null> {
  userid: string;
  user_name: string | null;
  display_name: string | null;
  status: 'ACTIVE' | 'DELETED';
  /** ISO-8601 UTC. */
  resolved_at: string;
  /** The value of `team_attribute` at this lookup, cleaned like a name; NULL when unknown. */
  team: string | null;
  /** The configured `teams.attribute`; NULL when teams do not come from an attribute. */
  team_attribute: TeamAttribute | null;
}

/**
 * A mapping line for a directory answer; `null` (user gone) becomes DELETED with no names and no
 * team. Display names are trimmed and stripped of line breaks (Identity Center allows `\r`),
 * falling back to the user name when empty so dashboards always show something human; the team
 * (the `teamAttribute` enterprise attribute of the same answer) is cleaned the same way, NULL
 * when blank. `team_attribute` records which attribute was asked for, also for a deleted user,
 * so find-users knows the line answers the configured question.
 */
export function mappingRecord(userid: string, user: DirectoryUser | null, resolvedAt: string, teamAttribute?: TeamAttribute): MappingRecord {
  const team_attribute = teamAttribute ?? null;
  if (user === null) {
    return { userid, user_name: null, display_name: null, status: 'DELETED', resolved_at: resolvedAt, team: null, team_attribute };
  }
  const userName = user.userName.trim();
  const displayName = oneLine(user.displayName);
  const team = teamAttribute === undefined ? '' : oneLine(user.enterprise?.[teamAttribute] ?? '');
  return {
    userid,
    user_name: userName,
    display_name: displayName === '' ? userName : displayName,
    status: 'ACTIVE',
    resolved_at: resolvedAt,
    team: team === '' ? null : team,
    team_attribute,
  };
}

/** Line breaks as spaces, runs of white space as one, trimmed. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** JSON lines, one record per line, newline-terminated. */
export function toJsonLines(records: readonly MappingRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** `<mappingPrefix>resolved_date=<executionDate>/<executionName>-<batchIndex, 4 digits>.json`. */
export function mappingKey(mappingPrefix: string, executionDate: string, executionName: string, batchIndex: number): string {
  return `${mappingPrefix}resolved_date=${executionDate}/${executionName}-${String(batchIndex).padStart(4, '0')}.json`;
}
