/**
 * DuckDB macros for the Trino (Athena engine v3) functions the views use and DuckDB lacks, so the
 * same SQL text runs on both, and the rewrite that makes DuckDB cast text to numbers as Trino
 * does. Only what the SQL needs; each macro mirrors Trino's behaviour, including failing on bad
 * input (the SQL wraps calls in `try(...)` where bad input is expected).
 */

/** The numeric types whose casts from text differ between the engines, and DuckDB's name of each. */
const NUMERIC_CASTS = { bigint: 'BIGINT', integer: 'INTEGER', int: 'INTEGER', double: 'DOUBLE' } as const;
type NumericCast = keyof typeof NUMERIC_CASTS;

/**
 * What Trino's casts from varchar accept, after Java's `trim()` (which drops every character up
 * to U+0020): to BIGINT and INTEGER `Long.parseLong`/`Integer.parseInt` (a sign and ASCII
 * digits: `12.7`, `1e3`, `0x10`, `1_000` and `1,234` are refused, where DuckDB reads 13, 1000,
 * 16 and 1000); to DOUBLE `Double.parseDouble` (decimal or exponent notation, `NaN`, `Infinity`,
 * an optional `f`/`d` suffix; `1_0` is refused, where DuckDB reads 10). Java's hexadecimal
 * floating-point form (`0x1p3`) is not mirrored: it gives NULL here.
 */
const TRINO_TEXT = {
  integer: '[+-]?[0-9]+',
  double: '[+-]?(NaN|Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)',
} as const;

/** Java's `String.trim()`: blanks and control characters at both ends. */
const JAVA_TRIM = `regexp_replace(CAST(value AS VARCHAR), '^[\\x00-\\x20]+|[\\x00-\\x20]+$', '', 'g')`;

/** The text DuckDB's cast gets when Trino would accept `value`; NULL otherwise. */
function acceptedText(type: NumericCast): string {
  return type === 'double'
    ? `CASE WHEN regexp_full_match(${JAVA_TRIM}, '${TRINO_TEXT.double}') THEN regexp_replace(${JAVA_TRIM}, '[fFdD]$', '') END`
    : `CASE WHEN regexp_full_match(${JAVA_TRIM}, '${TRINO_TEXT.integer}') THEN ${JAVA_TRIM} END`;
}

/** `trino_try_cast_<type>` and `trino_cast_<type>`: Trino's TRY_CAST and CAST to `type`, for text and any other input. */
function castMacros(type: NumericCast): string[] {
  const target = NUMERIC_CASTS[type];
  const text = acceptedText(type);
  return [
    `CREATE OR REPLACE MACRO trino_try_cast_${type}(value) AS CASE WHEN typeof(value) = 'VARCHAR' THEN TRY_CAST(${text} AS ${target}) ELSE TRY_CAST(value AS ${target}) END`,
    `CREATE OR REPLACE MACRO trino_cast_${type}(value) AS CASE ` +
      `WHEN typeof(value) = 'VARCHAR' AND value IS NOT NULL AND ${text} IS NULL THEN error('Cannot cast ''' || CAST(value AS VARCHAR) || ''' to ${target}') ` +
      `WHEN typeof(value) = 'VARCHAR' THEN CAST(${text} AS ${target}) ELSE CAST(value AS ${target}) END`,
  ];
}

/** The macros, created in every local engine before any view. */
export const TRINO_SHIM_MACROS: readonly string[] = [
  // Trino's date_parse(string, format) takes MySQL-style formats (%Y-%m-%d, %m-%d-%Y), which
  // DuckDB's strptime understands too; both return a timestamp and fail on a mismatch.
  `CREATE OR REPLACE MACRO date_parse(text, format) AS strptime(text, format)`,
  // Trino's from_iso8601_timestamp('2026-07-10T03:00:00Z') returns a timestamp with time zone;
  // DuckDB's TIMESTAMPTZ cast accepts the same ISO-8601 text and fails on anything else.
  `CREATE OR REPLACE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)`,
  // Trino's last_day_of_month(date) is DuckDB's last_day(date): the month's last day, as a date.
  `CREATE OR REPLACE MACRO last_day_of_month(day) AS last_day(day)`,
  // Trino's array_join(array, separator) is DuckDB's array_to_string (NULL elements skipped in both).
  `CREATE OR REPLACE MACRO array_join(items, separator) AS array_to_string(items, separator)`,
  // CAST and TRY_CAST to a number, as Trino reads text (see trinoCasts).
  ...(Object.keys(NUMERIC_CASTS) as NumericCast[]).flatMap(castMacros),
  // Trino's count_if over no rows is 0; DuckDB's is NULL (trinoCasts renames the calls).
  `CREATE OR REPLACE MACRO trino_count_if(condition) AS coalesce(count_if(condition), 0)`,
];

/** The end of the string literal, quoted identifier or comment starting at `start`, or `start` when none does. */
function skipQuoted(sql: string, start: number): number {
  const char = sql[start];
  if (char === "'" || char === '"') {
    let index = start + 1;
    while (index < sql.length) {
      if (sql[index] === char) {
        if (sql[index + 1] === char) index += 2;
        else return index + 1;
      } else index += 1;
    }
    return sql.length;
  }
  if (sql.startsWith('--', start)) {
    const end = sql.indexOf('\n', start);
    return end < 0 ? sql.length : end;
  }
  if (sql.startsWith('/*', start)) {
    const end = sql.indexOf('*/', start + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return start;
}

/** The position of the `)` closing the `(` at `open`, or -1. */
function closingParen(sql: string, open: number): number {
  let depth = 0;
  for (let index = open; index < sql.length; ) {
    const skipped = skipQuoted(sql, index);
    if (skipped !== index) {
      index = skipped;
      continue;
    }
    if (sql[index] === '(') depth += 1;
    if (sql[index] === ')' && --depth === 0) return index;
    index += 1;
  }
  return -1;
}

/** ` AS ` at a position (sticky). */
const AS_WORD = /\s+AS\s/iy;

/** Where the top-level ` AS ` of a cast's inside is (the last one), or -1. */
function castAs(inside: string): number {
  let depth = 0;
  let found = -1;
  for (let index = 0; index < inside.length; ) {
    const skipped = skipQuoted(inside, index);
    if (skipped !== index) {
      index = skipped;
      continue;
    }
    const char = inside[index] as string;
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (depth === 0 && /\s/.test(char)) {
      AS_WORD.lastIndex = index;
      if (AS_WORD.test(inside)) found = index;
    }
    index += 1;
  }
  return found;
}

/**
 * `sql` with every `CAST(x AS <number>)` and `TRY_CAST(x AS <number>)` (bigint, integer, int,
 * double; nested ones too) replaced by the macro that casts as Trino does: DuckDB reads
 * `CAST('12.7' AS BIGINT)` as 13 where Athena fails, and `TRY_CAST` as 13 where Athena gives
 * NULL. `count_if(…)` becomes `trino_count_if(…)` (0, not NULL, over no rows). Other casts,
 * string literals, quoted identifiers and comments are left as they are.
 */
export function trinoCasts(sql: string): string {
  let out = '';
  let index = 0;
  while (index < sql.length) {
    const skipped = skipQuoted(sql, index);
    if (skipped !== index) {
      out += sql.slice(index, skipped);
      index = skipped;
      continue;
    }
    const previous = sql[index - 1] ?? ' ';
    const countIf = /^count_if\s*\(/i.exec(sql.slice(index, index + 40));
    if (countIf && !/[\w.$"]/.test(previous)) {
      out += 'trino_count_if(';
      index += countIf[0].length;
      continue;
    }
    const match = /^(try_cast|cast)\s*\(/i.exec(sql.slice(index, index + 40));
    if (match && !/[\w.$"]/.test(previous)) {
      const open = index + match[0].length - 1;
      const close = closingParen(sql, open);
      const inside = close < 0 ? '' : sql.slice(open + 1, close);
      const as = castAs(inside);
      const type = as < 0 ? '' : inside.slice(as).replace(/^\s+AS\s+/i, '').trim().toLowerCase();
      if (close >= 0 && type in NUMERIC_CASTS) {
        const kind = (match[1] as string).toLowerCase() === 'try_cast' ? 'trino_try_cast' : 'trino_cast';
        out += `${kind}_${type}(${trinoCasts(inside.slice(0, as))})`;
        index = close + 1;
        continue;
      }
      if (close >= 0) {
        out += `${sql.slice(index, open + 1)}${trinoCasts(inside)})`;
        index = close + 1;
        continue;
      }
    }
    out += sql[index];
    index += 1;
  }
  return out;
}
