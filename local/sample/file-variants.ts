/**
 * What real report files contain besides the data: the spellings and layouts that vary from
 * person to person and from file to file (see docs/report-format.md). They are drawn from a
 * random stream of their own, so the simulated usage (and every number the views compute from
 * it) is the same as without them; only how the files write it changes.
 */
import { DOCS_TIER_SPELLINGS, LOOSE_TIER_SPELLINGS, type ClientType, type Tier } from './catalog.js';
import type { Person } from './people.js';
import { createRandom, type Random } from './random.js';

/** Share of IDE users who use the web client instead (at least one of them). */
const WEB_USER_SHARE = 0.06;
/** Share of people whose Identity Center id has the `<10 hex digits>-<uuid>` form (at least one). */
const LONG_ID_SHARE = 0.1;

/** How one user_report export (all its parts alike) spells and orders what it writes. */
export interface UserReportFormat {
  /** The e-mail column's header: most files say `User_Email`, some `email`. */
  emailHeader: 'User_Email' | 'email';
  /**
   * Subscription_Tier as written: `file` (`PRO_PLUS`), `docs` (`ProPlus`, as the vendor's docs
   * spell it) or `loose` (each row one of {@link LOOSE_TIER_SPELLINGS}: `Pro+`, `pro plus`, …).
   */
  tierSpelling: 'file' | 'docs' | 'loose';
  /**
   * Order of the per-model columns (only the models used in the file): `alphabetical`, as most
   * files, or `firstUse`, the order in which the file's rows first use them.
   */
  modelOrder: 'alphabetical' | 'firstUse';
  /**
   * The file whose columns come in another order: `User_Email` before `New_User` and the model
   * columns in reverse alphabetical order. Date, UserId and the columns up to Total_Messages keep
   * their places.
   */
  reordered: boolean;
}

/** The variant stream of a sample: its own seed, derived from the sample's. */
export function createVariantRandom(seed: number): Random {
  return createRandom((seed ^ 0x5eed_f11e) >>> 0);
}

/**
 * Gives some people the id forms and clients seen in real files, before their usage is
 * simulated: a few web users (their IDE usage is on KIRO_WEB, with the IDE's `d-…` prefix
 * habit; never a spiker or the deleted user, whose stories stay as planted) and a few Identity Center ids of the form `<10 hex digits>-<uuid>` (whole ids, in the
 * directory too; one of them also `d-…`-prefixed). Returns what it planted.
 */
export function plantPersonVariants(people: Person[], random: Random): { webUserIds: string[]; longIdUserIds: string[] } {
  const ideUsers = people.filter((person) => person.clients.includes('KIRO_IDE') && !person.spike && !person.deleted);
  const webUsers = pickSome(ideUsers, WEB_USER_SHARE, random);
  for (const person of webUsers) {
    person.clients = person.clients.map((client): ClientType => (client === 'KIRO_IDE' ? 'KIRO_WEB' : client));
    if (person.prefixedClients.has('KIRO_IDE')) person.prefixedClients = new Set([...person.prefixedClients, 'KIRO_WEB']);
  }
  const longIdUsers = pickSome(people, LONG_ID_SHARE, random);
  for (const person of longIdUsers) person.userId = `${random.hex(10)}-${person.userId}`;
  // One long id also carries the `d-…` prefix: cutting the prefix must leave it whole.
  const first = longIdUsers[0];
  if (first && !longIdUsers.some((person) => person.clients.some((client) => person.prefixedClients.has(client)))) {
    first.prefixedClients = new Set([...first.prefixedClients, first.clients[0] as ClientType]);
  }
  return { webUserIds: webUsers.map((person) => person.userId), longIdUserIds: longIdUsers.map((person) => person.userId) };
}

/** Draws the format of one export; `reordered` is the caller's choice (one export per sample). */
export function drawUserReportFormat(random: Random, reordered: boolean): UserReportFormat {
  const tierRoll = random.next();
  return {
    emailHeader: random.chance(0.3) ? 'email' : 'User_Email',
    tierSpelling: tierRoll < 0.7 ? 'file' : tierRoll < 0.88 ? 'docs' : 'loose',
    modelOrder: random.chance(0.35) ? 'firstUse' : 'alphabetical',
    reordered,
  };
}

/** `tier` as a file of `format` writes it. */
export function spellTier(tier: Tier, format: UserReportFormat, random: Random): string {
  if (format.tierSpelling === 'docs') return DOCS_TIER_SPELLINGS[tier];
  if (format.tierSpelling === 'loose') return random.pick(LOOSE_TIER_SPELLINGS[tier]);
  return tier;
}

/** About `share` of `items` (at least one when there are any), in their order. */
function pickSome<T>(items: readonly T[], share: number, random: Random): T[] {
  const picked = items.filter(() => random.chance(share));
  if (picked.length === 0 && items.length > 0) picked.push(items[random.int(0, items.length - 1)] as T);
  return picked;
}
