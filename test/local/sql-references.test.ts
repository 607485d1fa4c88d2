/** How many times a query reads each table or view (`local/bench/sql-references.ts`), WITH queries inlined as Trino inlines them. */
import { describe, expect, it } from 'vitest';
import { relationReads, sqlNames } from '../../local/bench/sql-references.js';

describe('relationReads', () => {
  it('counts each table and view a query names after FROM or JOIN', () => {
    // Act
    const reads = relationReads('SELECT * FROM person_daily AS p JOIN report_as_of AS a ON true LEFT JOIN person_directory n ON n.userid = p.userid');

    // Assess
    expect(Object.fromEntries(reads)).toEqual({ person_daily: 1, report_as_of: 1, person_directory: 1 });
  });

  it('reads a WITH query’s tables at each of its references, through chains of WITH queries', () => {
    // Prepare: days is read by months and twice by last_days, which the view reads twice.
    const sql = `CREATE OR REPLACE VIEW v AS
WITH days AS (SELECT * FROM person_daily),
months AS (SELECT * FROM days),
last_days AS (SELECT * FROM days UNION ALL SELECT * FROM days),
picked AS (SELECT * FROM (SELECT * FROM last_days) AS x CROSS JOIN report_as_of)
SELECT * FROM months JOIN last_days ON true JOIN picked ON true`;

    // Act + Assess: months 1 + last_days 2 + picked's last_days 2 = 5 reads of person_daily.
    expect(Object.fromEntries(relationReads(sql))).toEqual({ person_daily: 5, report_as_of: 1 });
  });

  it('does not count names in comments or string literals, nor a subquery in parentheses', () => {
    // Prepare
    const sql = `-- reads FROM credits_daily in a comment
/* JOIN activity_daily */
SELECT 'FROM user_summary' AS note, extract(year FROM current_date) AS y FROM (SELECT * FROM report_as_of) AS a`;

    // Act + Assess: the extract's FROM names a column, which no table is called.
    expect(Object.fromEntries(relationReads(sql))).toEqual({ current_date: 1, report_as_of: 1 });
  });

  it('names the statement when a WITH query reads itself or its parentheses do not close', () => {
    expect(() => relationReads('WITH a AS (SELECT * FROM a) SELECT * FROM a', '99_v.sql')).toThrow('99_v.sql: WITH query a reads itself');
    expect(() => relationReads('WITH a AS (SELECT * FROM t SELECT * FROM a', '99_v.sql')).toThrow('99_v.sql: unbalanced parentheses in a WITH query');
  });
});

describe('sqlNames', () => {
  it('lists the names a query uses, lowercase, and none of its comments or string literals', () => {
    // Act
    const names = sqlNames("SELECT Credits_Used, sum(x.total_messages) -- overage_cap\nFROM credits_daily AS x WHERE tier = 'usage_limit' /* new_user */");

    // Assess
    expect([...names].sort()).toEqual(['as', 'credits_daily', 'credits_used', 'from', 'select', 'sum', 'tier', 'total_messages', 'where', 'x']);
  });
});
