/**
 * What the page's person detail shows, folded from the dataset rows: per person their credits and
 * messages per day and the tiers their rows name (credits_by_person, client rows summed), their
 * messages per model and day when the reports have model columns (model_messages_daily), and
 * their cost per month (user_monthly_cost). The page keeps the days and months in its date range.
 */
import { datasetByKey, PERSON_FIELDS, type DashboardSpec, type NumberFormat } from '../../sql/dashboard-spec.js';
import { Dictionary } from './dictionary.js';
import type { DatasetRow } from './visual-data.js';

/** The datasets and columns the person detail reads (each checked against the spec by the tests). */
export const PERSON_DETAIL = {
  daily: { dataset: 'credits_by_person', day: 'report_date', credits: 'credits_used', messages: 'total_messages', tier: 'subscription_tier' },
  models: { dataset: 'model_messages_daily', day: 'report_date', model: 'model', messages: 'messages' },
  months: {
    dataset: 'user_monthly_cost',
    month: 'month',
    columns: [
      { label: 'Month', field: 'month' },
      { label: 'Tier', field: 'tier' },
      { label: 'Credits', field: 'credits_used', format: 'number' },
      { label: 'Overage credits', field: 'overage_credits_used', format: 'number' },
      { label: 'Subscription', field: 'subscription_usd', format: 'usd' },
      { label: 'Overage', field: 'overage_usd', format: 'usd' },
      { label: 'Total', field: 'total_usd', format: 'usd' },
    ],
  },
} as const satisfies {
  daily: Record<string, string>;
  models: Record<string, string>;
  months: { dataset: string; month: string; columns: readonly { label: string; field: string; format?: NumberFormat }[] };
};

/** One person's detail; days, tiers and models as indexes into {@link PeopleFacts}. */
export interface PersonFacts {
  name: string;
  /** `[day, credits, messages]`, by day. */
  daily: number[][];
  /** `[day, tier]`: each tier a row of that day names. */
  tiers: number[][];
  /** `[day, model, messages]`. */
  models: number[][];
  /** The cost rows, cells as the dataset holds them ({@link PERSON_DETAIL}.months.columns). */
  months: string[][];
}

/** Every person's detail by id, with the dictionaries their indexes point into. */
export interface PeopleFacts {
  days: string[];
  tiers: string[];
  models: string[];
  monthColumns: { label: string; format?: NumberFormat }[];
  people: PeopleDetail;
}

/**
 * Each person's detail by id, made when asked for: the page writes them one at a time, so the
 * millions of person-days of a large company are never all in memory as arrays at once.
 */
export interface PeopleDetail {
  get(id: string): PersonFacts | undefined;
  /** Everyone, in the order first seen. */
  entries(): Iterable<readonly [string, PersonFacts]>;
}

/**
 * One person's folded rows, in numbers only (a large company has millions of person-days): per
 * day first seen its slot and sums, each (day, tier) and (day, model) as one number key.
 */
interface PersonFold {
  name: string;
  /** Day index → slot in {@link credits} and {@link messages}, in first-seen order. */
  daySlots: Map<number, number>;
  credits: number[];
  messages: number[];
  /** {@link pairKey} of (day, tier), each once, in first-seen order. */
  tiers: Set<number>;
  /** {@link pairKey} of (day, model) → messages, in first-seen order. */
  models: Map<number, number>;
  months: string[][];
}

/** Days a {@link pairKey} holds: far more than any history (2^21 days is 5,700 years). */
const DAY_KEYS = 2 ** 21;

/** One number for (day, other) index pairs: exact for any index below 2^32. */
function pairKey(day: number, other: number): number {
  return other * DAY_KEYS + day;
}

/** The (day, other) indexes of a {@link pairKey}. */
function pairOf(key: number): [number, number] {
  return [key % DAY_KEYS, Math.floor(key / DAY_KEYS)];
}

/** Folds rows of the datasets the detail reads; rows of other datasets are ignored. */
export class PeopleAccumulator {
  private readonly days = new Dictionary();
  private readonly tiers = new Dictionary();
  private readonly models = new Dictionary();
  private readonly people = new Map<string, PersonFold>();

  /** Throws when the spec lacks a dataset or column the detail reads. */
  constructor(spec: DashboardSpec) {
    const { daily, models, months } = PERSON_DETAIL;
    const need = (key: string, fields: readonly string[]): void => {
      const dataset = datasetByKey(spec, key);
      for (const field of [PERSON_FIELDS.id, ...fields]) {
        if (!dataset.columns.some((column) => column.name === field)) throw new Error(`person detail: dataset ${key} has no column ${field}`);
      }
    };
    need(daily.dataset, [PERSON_FIELDS.name, daily.day, daily.credits, daily.messages, daily.tier]);
    need(models.dataset, [models.day, models.model, models.messages]);
    need(months.dataset, months.columns.map((column) => column.field));
  }

  /** Adds one row of a dataset (by key). */
  add(dataset: string, row: DatasetRow): void {
    const id = row[PERSON_FIELDS.id] ?? '';
    if (id === '') return;
    const { daily, models, months } = PERSON_DETAIL;
    if (dataset === daily.dataset) {
      const person = this.person(id, row[PERSON_FIELDS.name] ?? '');
      const day = this.days.index(row[daily.day] ?? '');
      let slot = person.daySlots.get(day);
      if (slot === undefined) {
        slot = person.credits.length;
        person.daySlots.set(day, slot);
        person.credits.push(0);
        person.messages.push(0);
      }
      person.credits[slot] = (person.credits[slot] ?? 0) + numberIn(row, daily.credits);
      person.messages[slot] = (person.messages[slot] ?? 0) + numberIn(row, daily.messages);
      const tier = row[daily.tier] ?? '';
      if (tier !== '') person.tiers.add(pairKey(day, this.tiers.index(tier)));
    } else if (dataset === models.dataset) {
      const person = this.person(id, '');
      const key = pairKey(this.days.index(row[models.day] ?? ''), this.models.index(row[models.model] ?? ''));
      person.models.set(key, (person.models.get(key) ?? 0) + numberIn(row, models.messages));
    } else if (dataset === months.dataset) {
      this.person(id, row[PERSON_FIELDS.name] ?? '').months.push(months.columns.map((column) => row[column.field] ?? ''));
    }
  }

  /** Everyone's detail; days in the order first seen (the page sorts what it shows). */
  result(): PeopleFacts {
    const folds = this.people;
    return {
      days: this.days.values,
      tiers: this.tiers.values,
      models: this.models.values,
      monthColumns: PERSON_DETAIL.months.columns.map((column) => ({ label: column.label, ...('format' in column ? { format: column.format } : {}) })),
      people: {
        get: (id) => {
          const fold = folds.get(id);
          return fold === undefined ? undefined : personFacts(id, fold);
        },
        *entries() {
          for (const [id, fold] of folds) yield [id, personFacts(id, fold)] as const;
        },
      },
    };
  }

  private person(id: string, name: string): PersonFold {
    let person = this.people.get(id);
    if (!person) {
      person = { name, daySlots: new Map(), credits: [], messages: [], tiers: new Set(), models: new Map(), months: [] };
      this.people.set(id, person);
    } else if (person.name === '' && name !== '') {
      person.name = name;
    }
    return person;
  }
}

/** One person's detail from their folded rows. */
function personFacts(id: string, person: PersonFold): PersonFacts {
  return {
    name: person.name || id,
    daily: [...person.daySlots].map(([day, slot]) => [day, round(person.credits[slot] ?? 0), person.messages[slot] ?? 0]),
    tiers: [...person.tiers].map(pairOf),
    models: [...person.models].map(([key, messages]) => [...pairOf(key), messages]),
    months: [...person.months].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')),
  };
}

function numberIn(row: DatasetRow, field: string): number {
  const value = Number(row[field] ?? '');
  return Number.isFinite(value) ? value : 0;
}

/** Sums of credits to 0.01, as the views round them (no binary fractions like 0.30000000000000004). */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
