/**
 * How the dashboard shows numbers. The options are plain data so the page's script formats chart
 * axes and tooltips with exactly the rules used here for KPIs and tables.
 */
import type { NumberFormat } from '../../sql/dashboard-spec.js';

/** The locale of every number on the page (fixed, so the page reads the same on any machine). */
export const LOCALE = 'en-US';

/** `Intl.NumberFormat` options per spec format; `percent` values are fractions (0.5 → 50%). */
export const NUMBER_FORMAT_OPTIONS: Record<NumberFormat, Intl.NumberFormatOptions> = {
  number: { maximumFractionDigits: 2 },
  usd: { style: 'currency', currency: 'USD' },
  percent: { style: 'percent', maximumFractionDigits: 1 },
};

const FORMATTERS = Object.fromEntries(
  Object.entries(NUMBER_FORMAT_OPTIONS).map(([format, options]) => [format, new Intl.NumberFormat(LOCALE, options)]),
) as Record<NumberFormat, Intl.NumberFormat>;

/** A number as the page shows it, e.g. `1,234.5`, `$1,234.50`, `45.3%`. */
export function formatNumber(value: number, format: NumberFormat): string {
  return FORMATTERS[format].format(value);
}

/**
 * A dataset cell as a table shows it: empty (SQL NULL) as `–`; with a format and a numeric value,
 * formatted; otherwise as it is (names, tiers, dates).
 */
export function formatCell(value: string | undefined, format: NumberFormat | undefined): string {
  if (value === undefined || value === '') return '–';
  const number = Number(value);
  return format !== undefined && Number.isFinite(number) ? formatNumber(number, format) : value;
}
