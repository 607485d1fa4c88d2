/**
 * The parts a materialised view is computed in (pure): one per month of its data. Each part
 * filters the view's rows, so the union is the view whatever it computes; where its windows
 * partition by `report_date` first (credits_daily, activity_daily), the engine pushes the filter
 * down to the tables and holds one month's rows in the windows instead of the whole history.
 */
import { CANONICAL_PARTITION_COLUMN as DAY_COLUMN } from '../../../handlers/shared/report-format.js';

/**
 * The WHERE conditions that cut a view into one part per month of `monthStarts` (`YYYY-MM-01`,
 * in any order, repeats allowed): every `report_date`, NULL included, falls in exactly one part.
 * The first part also takes the days before the first month and NULL, the last one the days after
 * the last month. One month or none: one part, the whole view (`undefined`: no condition).
 */
export function monthChunkConditions(monthStarts: readonly string[]): (string | undefined)[] {
  const months = [...new Set(monthStarts)].sort();
  if (months.length <= 1) return [undefined];
  return months.map((month, index) => {
    const next = months[index + 1];
    if (index === 0) return `(${DAY_COLUMN} < DATE '${next}' OR ${DAY_COLUMN} IS NULL)`;
    if (next === undefined) return `${DAY_COLUMN} >= DATE '${month}'`;
    return `${DAY_COLUMN} >= DATE '${month}' AND ${DAY_COLUMN} < DATE '${next}'`;
  });
}
