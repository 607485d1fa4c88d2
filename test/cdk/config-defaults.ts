/**
 * The defaults of the config schema, read from the schema itself, and the checks that keep every
 * place restating them in step: the committed example and the docs' default tables, inline
 * `key` (value) notes and jsonc blocks.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { PipelineConfigSchema } from '../../handlers/shared/config.js';

/** What the schema defines: every key path, and the default of each path that has one. */
export interface SchemaDefaults {
  /** Every object key, dotted (`people.activityScore.messageWeight`); records and lists are leaves. */
  keys: ReadonlySet<string>;
  /** The default of each leaf that has one (a `.default()`, or the `.prefault()` of its section). */
  defaults: ReadonlyMap<string, unknown>;
}

/** The keys and defaults of `schema` (the config schema unless given). */
export function schemaDefaults(schema: z.ZodType = PipelineConfigSchema): SchemaDefaults {
  const keys = new Set<string>();
  const defaults = new Map<string, unknown>();
  const walk = (node: z.ZodType, path: string, inherited: unknown): void => {
    if (node instanceof z.ZodDefault) {
      walk(node.def.innerType as z.ZodType, path, node.def.defaultValue);
    } else if (node instanceof z.ZodPrefault) {
      // A section given as a whole when absent: its fields' defaults are what parsing it gives.
      const inner = node.def.innerType as z.ZodType;
      walk(inner, path, inner.parse(node.def.defaultValue));
    } else if (node instanceof z.ZodOptional) {
      walk(node.def.innerType as z.ZodType, path, inherited);
    } else if (node instanceof z.ZodPipe) {
      walk(node.def.in as z.ZodType, path, inherited);
    } else if (node instanceof z.ZodObject) {
      if (path !== '') {
        keys.add(path);
      }
      for (const [key, field] of Object.entries(node.shape as Record<string, z.ZodType>)) {
        const value = (inherited as Record<string, unknown> | undefined)?.[key];
        walk(field, path === '' ? key : `${path}.${key}`, value);
      }
    } else {
      keys.add(path);
      if (inherited !== undefined) {
        defaults.set(path, inherited);
      }
    }
  };
  walk(schema, '', undefined);
  return { keys, defaults };
}

/** Keys whose example value deliberately differs from the default, and why. */
export const EXAMPLE_SHOWS_NON_DEFAULT: Readonly<Record<string, string>> = {
  // The default (none) is invalid once QuickSight is on; the example shows what an owner looks like.
  'quicksight.principalArns': 'shows the form of an owner ARN',
};

/**
 * Where the example config differs from the schema's defaults: every key with a default must be
 * in the example with that value (after parsing, so an omitted `allowsOverage` counts as its
 * default), except the keys of `exceptions`.
 */
export function exampleDefaultMismatches(example: unknown, exceptions: Readonly<Record<string, string>> = EXAMPLE_SHOWS_NON_DEFAULT): string[] {
  const parsed = PipelineConfigSchema.parse(example);
  return [...schemaDefaults().defaults]
    .filter(([path]) => !(path in exceptions))
    .flatMap(([path, value]) => {
      if (valueAt(example, path.split('.')) === undefined) {
        return [`${path}: missing, the default is ${JSON.stringify(value)}`];
      }
      const stated = valueAt(parsed, path.split('.'));
      return isDeepStrictEqual(stated, value) ? [] : [`${path}: ${JSON.stringify(stated)}, the default is ${JSON.stringify(value)}`];
    });
}

/** What a document states: the keys whose stated defaults were compared, and the mismatches. */
export interface DocumentCheck {
  checked: string[];
  mismatches: string[];
}

/** A default stated in a document. */
interface Statement {
  line: number;
  path: string;
  stated: unknown;
}

/**
 * Compares every default a markdown document states with the schema's. Three forms count:
 * rows of a `| field | meaning | default |` table, inline `` `key` (value) `` or
 * `` `key` (default `value`) ``, and `"key": value` in jsonc blocks (where a trailing
 * `// default <value>` states the default instead, for blocks showing a change).
 */
export function documentedDefaultMismatches(markdown: string, source: string): DocumentCheck {
  const schema = schemaDefaults();
  const lines = markdown.split('\n');
  const mismatches: string[] = [];
  const statements: Statement[] = [...inlineStatements(lines, schema), ...jsoncStatements(lines)];
  for (const row of defaultTableRows(lines)) {
    const { statements: rowStatements, problems } = tableRowStatements(row.cells, schema);
    statements.push(...rowStatements.map((statement) => ({ ...statement, line: row.line })));
    mismatches.push(...problems.map((problem) => `${source}:${row.line}: ${problem}`));
  }
  const checked: string[] = [];
  for (const { line, path, stated } of statements) {
    const expected = defaultAt(schema, path);
    if (expected.kind === 'none') {
      continue;
    }
    checked.push(path);
    if (expected.kind === 'absent') {
      mismatches.push(`${source}:${line}: ${path}: states ${JSON.stringify(stated)}, the default has no such key`);
    } else if (!isDeepStrictEqual(stated, expected.value)) {
      mismatches.push(`${source}:${line}: ${path}: states ${JSON.stringify(stated)}, the default is ${JSON.stringify(expected.value)}`);
    }
  }
  return { checked, mismatches };
}

type DefaultLookup = { kind: 'none' } | { kind: 'absent' } | { kind: 'value'; value: unknown };

/** The default of `path`, from the shallowest key above it (or itself) that has one. */
function defaultAt(schema: SchemaDefaults, path: string): DefaultLookup {
  const keys = path.split('.');
  for (let length = 1; length <= keys.length; length += 1) {
    const ancestor = keys.slice(0, length).join('.');
    if (schema.defaults.has(ancestor)) {
      const value = valueAt(schema.defaults.get(ancestor), keys.slice(length));
      return value === undefined ? { kind: 'absent' } : { kind: 'value', value };
    }
  }
  return { kind: 'none' };
}

function valueAt(value: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
}

/** A stated value: JSON when it parses (`3`, `false`, `[]`), else the text (`03:00`). */
function statedValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

/** The body rows of every `| field | meaning | default |` table, as cells, with their 1-based line. */
function defaultTableRows(lines: readonly string[]): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  lines.forEach((text, index) => {
    if (!/^\|\s*field\s*\|\s*meaning\s*\|\s*default\s*\|$/.test(text.trim())) {
      return;
    }
    // Skip the header and the |---| line; the table ends at the first line not starting with |.
    for (let row = index + 2; row < lines.length && lines[row]!.startsWith('|'); row += 1) {
      rows.push({ line: row + 1, cells: lines[row]!.split('|').slice(1, -1).map((cell) => cell.trim()) });
    }
  });
  return rows;
}

/**
 * One table row: the field cell names keys (`` `spikes.trailingDays` ``, or `` `.teamDailyOverageUsd` ``
 * relative to the key before it), the default cell one value for all of them or one per key,
 * or prose for keys without a default (or a link to the example, which is checked itself).
 */
function tableRowStatements(cells: readonly string[], schema: SchemaDefaults): { statements: Omit<Statement, 'line'>[]; problems: string[] } {
  const [fieldCell = '', , defaultCell = ''] = cells;
  const keys: string[] = [];
  for (const span of codeSpans(fieldCell)) {
    const parent = keys.at(-1)?.split('.').slice(0, -1).join('.') ?? '';
    keys.push(span.startsWith('.') ? `${parent}${span}` : span);
  }
  const problems = keys.filter((key) => !schema.keys.has(key)).map((key) => `${key}: not a config key`);
  const hasDefault = (key: string): boolean => [...schema.defaults.keys()].some((path) => path === key || path.startsWith(`${key}.`));
  const values = codeSpans(defaultCell);
  if (values.length === 0) {
    if (!defaultCell.includes('pipeline.config.example.json')) {
      problems.push(...keys.filter(hasDefault).map((key) => `${key}: has a default the table does not state ("${defaultCell}")`));
    }
    return { statements: [], problems };
  }
  if (values.length === 1) {
    return { statements: keys.filter(hasDefault).map((path) => ({ path, stated: statedValue(values[0]!) })), problems };
  }
  if (values.length !== keys.length) {
    return { statements: [], problems: [...problems, `${values.length} defaults for ${keys.length} keys`] };
  }
  const statements = keys.map((path, index) => ({ path, stated: statedValue(values[index]!) }));
  problems.push(...statements.filter(({ path }) => !hasDefault(path)).map(({ path }) => `${path}: states a default, the schema has none`));
  return { statements: statements.filter(({ path }) => hasDefault(path)), problems };
}

/** `` `people.trailingDays` (30) `` and `` `glueDatabase` (default `kiro_activity`) ``, for keys with a default. */
function inlineStatements(lines: readonly string[], schema: SchemaDefaults): Statement[] {
  return lines.flatMap((text, index) =>
    [...text.matchAll(/`([A-Za-z][\w.]*)` \((?:default )?`?([^`()\s]+)`?\)/g)]
      .filter((match) => schema.keys.has(match[1]!))
      .map((match) => ({ line: index + 1, path: match[1]!, stated: statedValue(match[2]!) })),
  );
}

/** `"key": value` pairs of every jsonc block, by dotted path from the block's top level. */
function jsoncStatements(lines: readonly string[]): Statement[] {
  const statements: Statement[] = [];
  let block: { start: number; lines: string[] } | undefined;
  lines.forEach((text, index) => {
    if (block === undefined && text.trim() === '```jsonc') {
      block = { start: index + 1, lines: [] };
    } else if (block !== undefined && text.trim() === '```') {
      statements.push(...blockStatements(block.lines).map((statement) => ({ ...statement, line: block!.start + statement.line })));
      block = undefined;
    } else {
      block?.lines.push(text);
    }
  });
  return statements;
}

/** The statements of one jsonc block; `line` is 1-based within the block. */
function blockStatements(blockLines: readonly string[]): Statement[] {
  // Comments blanked out (positions kept), so the rest reads as JSON fragments.
  const code = blockLines.map((text) => text.replace(/^((?:[^"/]|"(?:[^"\\]|\\.)*")*)\/\/.*$/, '$1'));
  const comments = blockLines.map((text, index) => text.slice(code[index]!.length).replace(/^\/\/\s*/, ''));
  const statements: Statement[] = [];
  const stack: string[] = [];
  code.forEach((text, index) => {
    const tokens = text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*(\{|\[[^\]]*\]|"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)?|\}/g);
    const lineStatements: Statement[] = [];
    for (const [token, key, value] of tokens) {
      if (token === '}') {
        stack.pop();
      } else if (value === '{') {
        stack.push(key!);
      } else if (value !== undefined) {
        const stated = statedValue(value);
        // A value that is not JSON (`[ … ]`, `"…"` placeholders) states nothing.
        if (stated !== value) {
          lineStatements.push({ line: index + 1, path: [...stack, key!].join('.'), stated });
        }
      }
    }
    const declared = /^default\s+([^;,\s]+)/.exec(comments[index]!);
    const last = lineStatements.at(-1);
    if (declared && last) {
      last.stated = statedValue(declared[1]!);
    }
    statements.push(...lineStatements);
  });
  return statements;
}
