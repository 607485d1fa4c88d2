-- person_daily: one row per (report_date, userid) with a row in either report, client types
-- summed. Ids are already normalized by the daily views, so a d-…-prefixed id and its bare form
-- are one person here.
-- subscription_tier: when the rows of one day disagree, the more expensive tier (tiers missing
-- from tier_prices rank below priced ones); NULL when the day has no user_report row.
-- has_credits_row: the day has a user_report row (only those days carry a tier and credits).
-- overage_credits_used: the day's overage credits, read as pricing.overageCreditsUsed says the
-- report means Overage_Credits_Used (the one place that reads it; every cost, spike and
-- recommendation view takes the overage from here). `daily`: the row's value. `monthToDate`: per
-- series of rows (userid, client type, account, region, profile) and calendar month, the row's
-- value minus the highest value before it that month (the first row of a month: its value), never
-- negative. With values that never fall this is the day's value minus the previous day's; either
-- way a month's days add up to the month's highest (= last) value, the month's overage.
-- A value that is no number (NULL) adds nothing and leaves the next day's baseline unchanged.
CREATE OR REPLACE VIEW person_daily AS
WITH overage_rows AS (
  SELECT
    credits.report_date,
    credits.userid,
    credits.credits_used,
    credits.total_messages,
    credits.chat_conversations,
    CASE
      WHEN settings.overage_credits_used = 'monthToDate' THEN credits.overage_credits_used - coalesce(
        max(credits.overage_credits_used) OVER (
          PARTITION BY credits.userid, credits.client_type, credits.account_id, credits.region, credits.profile_id, date_trunc('month', credits.report_date)
          ORDER BY credits.report_date
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ),
        0
      )
      ELSE credits.overage_credits_used
    END AS overage_increase,
    credits.subscription_tier,
    -- The day's tier ranks first among its rows (here, not in a second pass over credits_daily:
    -- Athena reads a WITH query again at each reference).
    row_number() OVER (
      PARTITION BY credits.report_date, credits.userid
      ORDER BY CASE WHEN credits.subscription_tier IS NULL THEN 1 ELSE 0 END, prices.monthly_price_usd DESC NULLS LAST, credits.subscription_tier
    ) AS price_rank
  FROM credits_daily AS credits
  CROSS JOIN pipeline_settings AS settings
  LEFT JOIN tier_prices AS prices
    ON prices.tier = credits.subscription_tier
),
credits AS (
  SELECT
    report_date,
    userid,
    sum(credits_used) AS credits_used,
    -- A month-to-date value below an earlier one of its month: no new overage that day.
    sum(CASE WHEN overage_increase < 0 THEN 0 ELSE overage_increase END) AS overage_credits_used,
    sum(total_messages) AS total_messages,
    sum(chat_conversations) AS chat_conversations,
    max(CASE WHEN price_rank = 1 THEN subscription_tier END) AS subscription_tier
  FROM overage_rows
  GROUP BY report_date, userid
),
activity AS (
  SELECT
    report_date,
    userid,
    sum(chat_aicodelines + inline_aicodelines) AS ai_code_lines
  FROM activity_daily
  GROUP BY report_date, userid
)
SELECT
  coalesce(credits.report_date, activity.report_date) AS report_date,
  coalesce(credits.userid, activity.userid) AS userid,
  credits.subscription_tier,
  coalesce(credits.credits_used, 0) AS credits_used,
  coalesce(credits.overage_credits_used, 0) AS overage_credits_used,
  coalesce(credits.total_messages, 0) AS total_messages,
  coalesce(credits.chat_conversations, 0) AS chat_conversations,
  coalesce(activity.ai_code_lines, 0) AS ai_code_lines,
  credits.userid IS NOT NULL AS has_credits_row
FROM credits
FULL OUTER JOIN activity
  ON activity.report_date = credits.report_date
  AND activity.userid = credits.userid
