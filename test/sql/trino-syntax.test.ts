import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { isSqlFile, viewNameOf } from '../../handlers/render-views/view-names.js';
import { SQL_DIR } from './fixture-engine.js';

const VIEW_FILES = readdirSync(SQL_DIR).filter(isSqlFile).sort();
const parser = new TrinoSQL();

describe('view files', () => {
  it('are the views of the contract, in creation order', () => {
    // Assess
    expect(VIEW_FILES).toEqual([
      '01_credits_daily.sql',
      '02_activity_daily.sql',
      '03_user_directory.sql',
      '04_person_directory.sql',
      '05_credits_by_person.sql',
      '06_activity_by_person.sql',
      '07_report_as_of.sql',
      '08_person_daily.sql',
      '09_user_monthly_cost.sql',
      '10_user_summary.sql',
      '11_top_users_by_cost.sql',
      '12_top_users_by_usage.sql',
      '13_inactive_users.sql',
      '14_tier_recommendation.sql',
      '15_model_messages_daily.sql',
      '16_data_quality_issues.sql',
      '17_billing_semantics.sql',
      '18_model_mix_by_person.sql',
      '20_plan_utilization.sql',
      '21_forecast_by_person.sql',
      '21_month_forecast.sql',
      '22_active_person_days.sql',
      '23_active_users_daily.sql',
      '24_active_users_rolling.sql',
      '25_weekly_movers.sql',
      '26_engagement_segments.sql',
      '27_engagement_funnel.sql',
      '28_double_billed_users.sql',
      '29_active_users_by_tier.sql',
      '30_team_monthly_cost.sql',
      '31_never_active_users.sql',
      '32_seat_holder_months.sql',
      '32_seat_summary.sql',
      '33_team_seats.sql',
    ]);
  });

  it.each(VIEW_FILES)('%s is valid Trino SQL', (file) => {
    // Prepare
    const sql = readFileSync(join(SQL_DIR, file), 'utf8');

    // Act
    const errors = parser.validate(sql);

    // Assess
    expect(errors).toEqual([]);
  });

  it.each(VIEW_FILES)('%s holds exactly one CREATE OR REPLACE VIEW named after the file', (file) => {
    // Prepare
    const sql = readFileSync(join(SQL_DIR, file), 'utf8');
    const view = viewNameOf(file);

    // Act
    const statements = parser.splitSQLByStatement(sql) ?? [];
    const creates = [...sql.matchAll(/CREATE OR REPLACE VIEW (\w+) AS/g)].map((match) => match[1]);

    // Assess
    expect(statements).toHaveLength(1);
    expect(creates).toEqual([view]);
  });

  it.each(VIEW_FILES)('%s avoids Trino functions whose DuckDB namesake differs', (file) => {
    // Prepare
    const sql = readFileSync(join(SQL_DIR, file), 'utf8');

    // Act
    const used = sql.match(/\b(date_add|date_format|format_datetime|split_part|strpos)\s*\(/gi);

    // Assess
    expect(used).toBeNull();
  });

  it('the validator reports a broken statement, so the checks above can fail', () => {
    // Prepare
    const broken = 'CREATE OR REPLACE VIEW v AS SELEC userid FROM user_report';

    // Act
    const errors = parser.validate(broken);

    // Assess
    expect(errors.length).toBeGreaterThan(0);
  });
});
