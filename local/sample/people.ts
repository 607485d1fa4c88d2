/**
 * The cast of a sample: invented people with the traits that shape their usage (tier, clients,
 * overage settings, activity span) and the roles the pipeline's tests and demo look for.
 */
import { addDays } from './calendar.js';
import { LISTED_CLIENT_TYPES, MODEL_POPULARITY, TIERS, type ClientType, type Tier } from './catalog.js';
import { ACCENTED_GIVEN_NAME, FAMILY_NAMES, GIVEN_NAMES } from './names.js';
import type { Random } from './random.js';

/** One sample person and everything that drives their rows. */
export interface Person {
  /** Identity Center user id (a UUID). */
  userId: string;
  givenName: string;
  familyName: string;
  userName: string;
  displayName: string;
  email: string;
  /** Whether user_report rows fill User_Email for this person. */
  showsEmail: boolean;
  /** Clients used, main one first. */
  clients: readonly ClientType[];
  /** Clients whose rows carry the `d-<store>.` UserId prefix (from March 2026). */
  prefixedClients: ReadonlySet<ClientType>;
  tier: Tier;
  /** A tier change taking effect on `from`, if any. */
  tierChange?: { from: string; tier: Tier };
  /** Typical credits on an active weekday. */
  dailyCredits: number;
  overageEnabled: boolean;
  /** Overage_Cap when overage is on. */
  overageCap: number;
  /** Writes Overage_Enabled as `TRUE` rather than `true`. */
  upperCaseFlag: boolean;
  /** Index into MODEL_COLUMNS of the usual model. */
  preferredModel: number;
  usageLimit: number;
  /** First and last day the person may appear (ISO dates). */
  firstDay: string;
  lastDay: string;
  /** Joined inside the sample window: New_User is true on the first day. */
  joinedInWindow: boolean;
  heavy: boolean;
  /** Has an overage spike on the last day. */
  spike: boolean;
  /** In the reports, absent from the directory. */
  deleted: boolean;
}

/** The sample window the people live in. */
export interface SampleWindow {
  firstDay: string;
  lastDay: string;
  days: number;
}

/** Fewest people for which every role below still gets somebody. */
export const MIN_PEOPLE = 10;

const TIER_WEIGHTS: Readonly<Record<Tier, number>> = { FREE: 0, PRO: 45, PRO_PLUS: 25, PRO_MAX: 18, POWER: 12 };
const TYPICAL_DAILY_CREDITS: Readonly<Record<Tier, number>> = { FREE: 2.5, PRO: 28, PRO_PLUS: 55, PRO_MAX: 130, POWER: 260 };
const CLIENT_MIXES: readonly { clients: readonly ClientType[]; weight: number }[] = [
  { clients: ['KIRO_IDE'], weight: 40 },
  { clients: ['KIRO_IDE', 'KIRO_CLI'], weight: 25 },
  { clients: ['KIRO_CLI', 'KIRO_IDE'], weight: 10 },
  { clients: ['KIRO_CLI'], weight: 10 },
  { clients: ['KIRO_IDE', 'PLUGIN'], weight: 5 },
  { clients: ['PLUGIN'], weight: 6 },
  { clients: ['PLUGIN', 'KIRO_CLI'], weight: 4 },
];
const OVERAGE_CAPS = [1000, 2500, 5000];
const USAGE_LIMITS = [8, 8, 8, 16, 32];

/** Creates `count` people (at least {@link MIN_PEOPLE}) with their roles spread at random. */
export function createPeople(count: number, window: SampleWindow, random: Random): Person[] {
  const people = Array.from({ length: count }, () => basePerson(window, random));
  const order = shuffledIndices(count, random);
  let cursor = 0;
  const take = (wanted: number): Person[] => {
    const taken = order.slice(cursor, cursor + wanted).map((index) => people[index] as Person);
    cursor += taken.length;
    return taken;
  };
  const share = (fraction: number): number => Math.max(1, Math.round(count * fraction));

  take(2).forEach((person, index) => makeSpiker(person, index, window));
  take(1).forEach((person) => {
    person.deleted = true;
    person.lastDay = addDays(window.lastDay, -Math.floor(window.days / 2));
  });
  take(share(0.08)).forEach((person) => {
    person.lastDay = addDays(window.lastDay, -random.int(3, 10));
  });
  take(share(0.08)).forEach((person) => {
    person.heavy = true;
    person.dailyCredits *= 3.5;
    person.overageEnabled = random.chance(0.7);
  });
  take(share(0.05)).forEach((person) => {
    const from = addDays(window.firstDay, random.int(2, window.days - 3));
    const step = person.tier === 'POWER' || (person.tier !== 'PRO' && random.chance(0.25)) ? -1 : 1; // mostly upgrades, never to FREE
    person.tierChange = { from, tier: TIERS[TIERS.indexOf(person.tier) + step] as Tier };
  });
  take(share(0.06)).forEach((person) => {
    person.firstDay = addDays(window.firstDay, random.int(2, Math.floor(window.days / 2)));
    person.joinedInWindow = true;
  });
  take(share(0.02)).forEach((person) => {
    person.tier = 'FREE';
    person.dailyCredits = TYPICAL_DAILY_CREDITS.FREE * random.between(0.5, 1.5);
    person.overageEnabled = false;
  });

  // Name quirks go to two people regardless of role: an accent, and a comma in DisplayName.
  const [accented, commaNamed] = [order[count - 1], order[count - 2]].map((index) => people[index as number] as Person) as [Person, Person];
  rename(accented, ACCENTED_GIVEN_NAME, accented.familyName);
  commaNamed.displayName = `${commaNamed.familyName}, ${commaNamed.givenName}`;
  makeUserNamesUnique(people);
  return people;
}

function basePerson(window: SampleWindow, random: Random): Person {
  const tier = TIERS[random.weighted(TIERS.map((name) => TIER_WEIGHTS[name]))] as Tier;
  const id = random.hex(32);
  const person: Person = {
    userId: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
    givenName: '',
    familyName: '',
    userName: '',
    displayName: '',
    email: '',
    showsEmail: random.chance(0.45),
    clients: (CLIENT_MIXES[random.weighted(CLIENT_MIXES.map((mix) => mix.weight))] as (typeof CLIENT_MIXES)[number]).clients,
    prefixedClients: new Set(LISTED_CLIENT_TYPES.filter(() => random.chance(0.3))),
    tier,
    dailyCredits: TYPICAL_DAILY_CREDITS[tier] * random.between(0.5, 1.5),
    overageEnabled: random.chance(0.2),
    overageCap: random.pick(OVERAGE_CAPS),
    upperCaseFlag: random.chance(0.4),
    preferredModel: random.weighted(MODEL_POPULARITY),
    usageLimit: random.pick(USAGE_LIMITS),
    firstDay: window.firstDay,
    lastDay: window.lastDay,
    joinedInWindow: false,
    heavy: false,
    spike: false,
    deleted: false,
  };
  rename(person, random.pick(GIVEN_NAMES), random.pick(FAMILY_NAMES));
  return person;
}

/**
 * Spikers use their plan moderately until the last day. The first (PRO) may already be in a
 * little overage late in a month, the second (PRO_PLUS) not: the spike must stand out either way.
 */
function makeSpiker(person: Person, index: number, window: SampleWindow): void {
  person.spike = true;
  person.tier = index === 0 ? 'PRO' : 'PRO_PLUS';
  person.dailyCredits = index === 0 ? 45 : 35;
  person.overageEnabled = true;
  person.overageCap = 10000;
  person.firstDay = window.firstDay;
  person.lastDay = window.lastDay;
}

function rename(person: Person, givenName: string, familyName: string): void {
  person.givenName = givenName;
  person.familyName = familyName;
  person.displayName = `${givenName} ${familyName}`;
  person.userName = `${givenName}.${familyName}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
}

/** Appends a number to repeated user names, and derives the e-mail from the final name. */
function makeUserNamesUnique(people: Person[]): void {
  const seen = new Map<string, number>();
  for (const person of people) {
    const times = (seen.get(person.userName) ?? 0) + 1;
    seen.set(person.userName, times);
    if (times > 1) person.userName = `${person.userName}${times}`;
    person.email = `${person.userName}@example.com`;
  }
}

function shuffledIndices(count: number, random: Random): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return order;
}
