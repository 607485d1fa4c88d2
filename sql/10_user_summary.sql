-- user_summary: one row per person ever seen in either report, measured at report_as_of.
-- Trailing window (_30d columns): the pipeline_settings.trailing_days report days ending at
-- as_of. activity_score_30d = messages × message_weight + conversations × conversation_weight
-- + AI code lines (chat + inline) / code_lines_divisor. usage_category: inactive without a row
-- in the window, else by the window's messages against the *_below_messages thresholds.
-- days_inactive: days from the last active day to as_of. cost_usd_total: user_monthly_cost
-- summed over every month. display_name: person_directory's (a deleted user keeps the last name
-- they were known by).
CREATE OR REPLACE VIEW user_summary AS
WITH days AS (
  SELECT
    person.*,
    -- date_diff on two DATEs in days means the same in Trino and DuckDB (the calendar days
    -- between them); only coarser units differ between the engines.
    as_of.as_of,
    date_diff('day', person.report_date, as_of.as_of) < settings.trailing_days AS in_window,
    -- Their latest day with a tier ranks first (here, not in a second pass over person_daily:
    -- Athena reads a WITH query again at each reference).
    row_number() OVER (
      PARTITION BY person.userid
      ORDER BY CASE WHEN person.subscription_tier IS NULL THEN 1 ELSE 0 END, person.report_date DESC
    ) AS tier_recency
  FROM person_daily AS person
  CROSS JOIN report_as_of AS as_of
  CROSS JOIN pipeline_settings AS settings
),
people AS (
  SELECT
    userid,
    min(report_date) AS first_seen,
    max(report_date) AS last_seen,
    count(*) AS active_days,
    sum(CASE WHEN in_window THEN 1 ELSE 0 END) AS window_days,
    sum(CASE WHEN in_window THEN total_messages ELSE 0 END) AS messages_30d,
    sum(CASE WHEN in_window THEN chat_conversations ELSE 0 END) AS conversations_30d,
    sum(CASE WHEN in_window THEN credits_used ELSE 0 END) AS credits_30d,
    sum(CASE WHEN in_window THEN overage_credits_used ELSE 0 END) AS overage_credits_30d,
    sum(CASE WHEN in_window THEN ai_code_lines ELSE 0 END) AS ai_code_lines_30d,
    sum(credits_used) AS credits_total,
    sum(overage_credits_used) AS overage_credits_total,
    max(CASE WHEN tier_recency = 1 THEN subscription_tier END) AS latest_tier,
    -- The one as_of, carried here rather than joined again (a second read of report_as_of).
    max(as_of) AS as_of
  FROM days
  GROUP BY userid
),
clients AS (
  SELECT
    userid,
    array_join(array_sort(array_agg(DISTINCT client_type)), ', ') AS clients
  FROM credits_daily
  WHERE client_type IS NOT NULL
  GROUP BY userid
),
costs AS (
  SELECT userid, sum(total_usd) AS cost_usd_total
  FROM user_monthly_cost
  GROUP BY userid
)
SELECT
  people.userid,
  names.display_name,
  people.first_seen,
  people.last_seen,
  people.active_days,
  date_diff('day', people.last_seen, people.as_of) AS days_inactive,
  clients.clients,
  people.latest_tier,
  people.messages_30d,
  people.conversations_30d,
  round(people.credits_30d, 2) AS credits_30d,
  round(people.overage_credits_30d, 2) AS overage_credits_30d,
  people.ai_code_lines_30d,
  round(
    people.messages_30d * settings.message_weight
    + people.conversations_30d * settings.conversation_weight
    + CAST(people.ai_code_lines_30d AS double) / settings.code_lines_divisor,
    2
  ) AS activity_score_30d,
  CASE
    WHEN people.window_days = 0 THEN 'inactive'
    WHEN people.messages_30d < settings.light_below_messages THEN 'light'
    WHEN people.messages_30d < settings.moderate_below_messages THEN 'moderate'
    WHEN people.messages_30d < settings.heavy_below_messages THEN 'heavy'
    ELSE 'very_heavy'
  END AS usage_category,
  round(people.credits_total, 2) AS credits_total,
  round(people.overage_credits_total, 2) AS overage_credits_total,
  round(costs.cost_usd_total, 2) AS cost_usd_total,
  -- Their team now (user_directory's; NULL when unknown or without teams).
  directory.team
FROM people
CROSS JOIN pipeline_settings AS settings
LEFT JOIN clients
  ON clients.userid = people.userid
LEFT JOIN costs
  ON costs.userid = people.userid
LEFT JOIN person_directory AS names
  ON names.userid = people.userid
LEFT JOIN user_directory AS directory
  ON directory.userid = people.userid
