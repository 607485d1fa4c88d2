-- billing_semantics: what the data says about the two unverified billing meanings, beside what
-- the config says (pricing.overageCreditsUsed, pricing.creditsUsedIncludesOverage). One row.
-- A series is one person's rows of one client type, account, region and profile (credits_daily's
-- de-dup key without the day); a step is a row and the series' next row with a number.
--
-- overage_looks_month_to_date: does Overage_Credits_Used hold the month's total so far?
--   overage_steps: steps within a calendar month whose first value is above 0;
--   overage_falls: those whose second value is lower (a month-to-date total never falls);
--   overage_month_changes: steps into a later month whose first value is above 0;
--   overage_month_restarts: those whose second value is lower (a month-to-date total restarts).
--   NULL (too little evidence) below 10 steps. FALSE when more than 5% of the steps fall (values
--   that go up and down within a month are each day's own). TRUE when at most 5% fall and either
--   no month change was seen or at least half of the month changes restart. NULL otherwise
--   (values that neither fall nor restart: no calendar-month total either).
-- credits_used_looks_inclusive: does Credits_Used count the overage credits too?
--   credits_evidence_months: (person, profile, month) with one tier all month, a tier priced in
--     tier_prices, and an overage value of at least 1 credit on some day (under either meaning of
--     the overage column, the month's overage is at least its largest value);
--   credits_above_allowance_months: those whose summed Credits_Used exceeds the tier's included
--     credits by more than 0.5 (rounding). Credits that include the overage are at least the
--     allowance plus the overage; credits that exclude it never exceed the allowance.
--   NULL (too little evidence) below 3 evidence months. TRUE when at least 90% of them are above
--   the allowance, FALSE when at most 10% are, NULL in between (the data disagrees with itself).
-- configured_*: the config's values, as pipeline_settings carries them. CheckData compares the
-- two and alerts (data_quality) when the data contradicts the config.
CREATE OR REPLACE VIEW billing_semantics AS
WITH rules AS (
  SELECT
    10 AS min_overage_steps,
    0.05 AS max_fall_share,
    0.5 AS min_restart_share,
    3 AS min_credits_months,
    CAST(1 AS double) AS min_overage_credits,
    0.5 AS allowance_tolerance_credits,
    0.9 AS inclusive_share,
    0.1 AS exclusive_share
),
series AS (
  SELECT
    CAST(date_trunc('month', report_date) AS date) AS month,
    overage_credits_used AS overage,
    lead(CAST(date_trunc('month', report_date) AS date)) OVER (
      PARTITION BY userid, client_type, account_id, region, profile_id ORDER BY report_date
    ) AS next_month,
    lead(overage_credits_used) OVER (
      PARTITION BY userid, client_type, account_id, region, profile_id ORDER BY report_date
    ) AS next_overage
  FROM credits_daily
  WHERE overage_credits_used IS NOT NULL
),
overage_evidence AS (
  SELECT
    count_if(next_month = month) AS overage_steps,
    count_if(next_month = month AND next_overage < overage) AS overage_falls,
    count_if(next_month > month) AS overage_month_changes,
    count_if(next_month > month AND next_overage < overage) AS overage_month_restarts
  FROM series
  WHERE overage > 0 AND next_month IS NOT NULL
),
profile_months AS (
  SELECT
    credits.userid,
    -- A row without a ProfileId stands for the profile of its account and region, as in user_monthly_cost.
    coalesce(credits.profile_id, concat(coalesce(credits.account_id, ''), '/', coalesce(credits.region, ''))) AS profile,
    CAST(date_trunc('month', credits.report_date) AS date) AS month,
    count(DISTINCT credits.subscription_tier) AS tiers,
    count(*) AS profile_rows,
    count(prices.included_credits) AS priced_rows,
    max(prices.included_credits) AS included_credits,
    sum(credits.credits_used) AS credits_used,
    max(credits.overage_credits_used) AS largest_overage
  FROM credits_daily AS credits
  LEFT JOIN tier_prices AS prices
    ON prices.tier = credits.subscription_tier
  GROUP BY 1, 2, 3
),
credits_evidence AS (
  SELECT
    count(*) AS credits_evidence_months,
    count_if(months.credits_used > months.included_credits + rules.allowance_tolerance_credits) AS credits_above_allowance_months
  FROM profile_months AS months
  CROSS JOIN rules
  WHERE months.tiers = 1
    AND months.priced_rows = months.profile_rows
    AND months.largest_overage >= rules.min_overage_credits
)
SELECT
  CASE
    WHEN overage.overage_steps < rules.min_overage_steps THEN NULL
    WHEN overage.overage_falls > rules.max_fall_share * overage.overage_steps THEN false
    WHEN overage.overage_month_changes = 0 OR overage.overage_month_restarts >= rules.min_restart_share * overage.overage_month_changes THEN true
  END AS overage_looks_month_to_date,
  overage.overage_steps,
  overage.overage_falls,
  overage.overage_month_changes,
  overage.overage_month_restarts,
  CASE
    WHEN credits.credits_evidence_months < rules.min_credits_months THEN NULL
    WHEN credits.credits_above_allowance_months >= rules.inclusive_share * credits.credits_evidence_months THEN true
    WHEN credits.credits_above_allowance_months <= rules.exclusive_share * credits.credits_evidence_months THEN false
  END AS credits_used_looks_inclusive,
  credits.credits_evidence_months,
  credits.credits_above_allowance_months,
  settings.overage_credits_used AS configured_overage_credits_used,
  settings.credits_used_includes_overage AS configured_credits_used_includes_overage
FROM overage_evidence AS overage
CROSS JOIN credits_evidence AS credits
CROSS JOIN rules
CROSS JOIN pipeline_settings AS settings
