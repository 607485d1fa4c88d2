-- weekly_movers: everyone with messages or credits in the last two weeks, comparing two windows
-- of exactly 7 calendar days: this week = the 7 days ending at report_as_of (date_diff 0 to 6),
-- last week = the 7 before (7 to 13). Messages and credits from person_daily (credits drawn:
-- plan + overage, read with pricing.creditsUsedIncludesOverage as user_monthly_cost reads it).
-- change_pct: the change of messages in percent of last week's (-50 = halved); NULL when last week
-- had none. at_risk: last week had at least engagement.atRisk.minMessagesLastWeek messages and
-- they fell by more than engagement.atRisk.dropShare of them (exactly that share is not at risk).
CREATE OR REPLACE VIEW weekly_movers AS
WITH days AS (
  SELECT
    person.userid,
    date_diff('day', person.report_date, as_of.as_of) AS days_back,
    person.total_messages,
    CASE
      WHEN settings.credits_used_includes_overage THEN person.credits_used
      ELSE person.credits_used + person.overage_credits_used
    END AS credits
  FROM person_daily AS person
  CROSS JOIN report_as_of AS as_of
  CROSS JOIN pipeline_settings AS settings
  WHERE date_diff('day', person.report_date, as_of.as_of) BETWEEN 0 AND 13
),
weeks AS (
  SELECT
    userid,
    sum(CASE WHEN days_back <= 6 THEN total_messages ELSE 0 END) AS messages_this_week,
    sum(CASE WHEN days_back >= 7 THEN total_messages ELSE 0 END) AS messages_last_week,
    sum(CASE WHEN days_back <= 6 THEN credits ELSE 0 END) AS credits_this_week,
    sum(CASE WHEN days_back >= 7 THEN credits ELSE 0 END) AS credits_last_week
  FROM days
  GROUP BY userid
)
SELECT
  weeks.userid,
  names.display_name,
  CAST(weeks.messages_this_week AS bigint) AS messages_this_week,
  CAST(weeks.messages_last_week AS bigint) AS messages_last_week,
  round(weeks.credits_this_week, 2) AS credits_this_week,
  round(weeks.credits_last_week, 2) AS credits_last_week,
  round(CAST(weeks.messages_this_week - weeks.messages_last_week AS double) * 100 / nullif(weeks.messages_last_week, 0), 2) AS change_pct,
  weeks.messages_last_week > 0
    AND weeks.messages_last_week >= settings.at_risk_min_messages_last_week
    AND CAST(weeks.messages_last_week - weeks.messages_this_week AS double) > settings.at_risk_drop_share * weeks.messages_last_week AS at_risk
FROM weeks
CROSS JOIN pipeline_settings AS settings
LEFT JOIN person_directory AS names
  ON names.userid = weeks.userid
WHERE weeks.messages_this_week + weeks.messages_last_week > 0
  OR weeks.credits_this_week + weeks.credits_last_week > 0
