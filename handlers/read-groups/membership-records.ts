/**
 * The group_membership JSON-lines format: one snapshot of the configured groups per run, and the
 * rule that settles a person in several groups (the first listed wins, for teams and for seats).
 */
import { gzipSync } from 'node:zlib';
import type { GroupMembershipColumn } from '../shared/report-format.js';
import type { LicensedGroupsSettings, TeamsSettings } from '../shared/settings.js';

/** One line of a group_membership file: every column of the table (and, by a test, nothing else). */
export interface MembershipRecord extends Record<GroupMembershipColumn, string | null> {
  /** The execution name: one snapshot per run. */
  snapshot: string;
  /** ISO-8601 UTC. */
  read_at: string;
  /** `groups`, the enterprise attribute teams come from, or NULL without teams. */
  team_source: string | null;
  /** NULL on the snapshot's own line. */
  userid: string | null;
  team: string | null;
  licensed_group: string | null;
  licensed_tier: string | null;
}

/** The user ids of each configured group found, by display name; a group not found is absent. */
export type GroupMembers = ReadonlyMap<string, readonly string[]>;

/** What one snapshot is taken for. */
export interface SnapshotConfig {
  teams?: TeamsSettings;
  licensedGroups: LicensedGroupsSettings;
}

/** The group display names to read, each once, in the order listed: team groups first, then licensed groups. */
export function configuredGroups({ teams, licensedGroups }: SnapshotConfig): string[] {
  return [...new Set([...(teams?.groups ?? []), ...licensedGroups.map(({ group }) => group)])];
}

/**
 * The snapshot's lines: its own line, then one per person in any configured group, in order of
 * user id. A person's team is the first of `teams.groups` they are in; their seat the first of
 * `licensedGroups` they are in.
 */
export function membershipRecords(config: SnapshotConfig, members: GroupMembers, snapshot: string, readAt: string): MembershipRecord[] {
  const teamSource = config.teams?.groups !== undefined ? 'groups' : (config.teams?.attribute ?? null);
  const base = { snapshot, read_at: readAt, team_source: teamSource };
  const header: MembershipRecord = { ...base, userid: null, team: null, licensed_group: null, licensed_tier: null };
  const firstGroupOf = (userid: string, groups: readonly string[]): string | undefined =>
    groups.find((group) => members.get(group)?.includes(userid));
  const people = [...new Set([...members.values()].flat())].sort();
  const teamGroups = config.teams?.groups ?? [];
  const licensed = config.licensedGroups.map(({ group }) => group);
  return [
    header,
    ...people.map((userid): MembershipRecord => {
      const team = firstGroupOf(userid, teamGroups);
      const seat = config.licensedGroups.find(({ group }) => group === firstGroupOf(userid, licensed));
      return { ...base, userid, team: team ?? null, licensed_group: seat?.group ?? null, licensed_tier: seat?.tier ?? null };
    }),
  ];
}


/**
 * The snapshot object: its JSON lines, gzipped. The views read every snapshot many times a run,
 * and Athena bills the bytes it reads: the lines repeat all but the user id, so gzip cuts them
 * about tenfold. Athena's text input format decompresses a `.gz` object by its name.
 */
export function membershipObject(records: readonly MembershipRecord[]): Uint8Array {
  // JSON lines, one record per line, newline-terminated.
  return gzipSync(records.map((record) => `${JSON.stringify(record)}\n`).join(''), { level: 9 });
}

/** `<prefix>read_date=<executionDate>/<executionName>.json.gz`: a re-run of the same execution rewrites its own snapshot. */
export function membershipKey(prefix: string, executionDate: string, executionName: string): string {
  return `${prefix}read_date=${executionDate}/${executionName}.json.gz`;
}
