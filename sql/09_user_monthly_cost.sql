-- user_monthly_cost: what each person cost in each calendar month with user_report rows.
-- tier: the tier of their latest day with a tier that month (person_daily settles a day whose
-- rows disagree). The vendor bills each profile (ProfileId; the profile of another account or
-- region is another profile) its own subscription, so a person under two profiles pays two:
-- profiles counts the profiles with a tier that month, subscription_usd adds the list price
-- (tier_prices, from the config) of each profile's billed tier: the most expensive tier the
-- profile held that month (the vendor charges the highest tier held and applies a downgrade from
-- the next month), so an upgrade mid-month bills the new tier and a downgrade the old one.
-- overage_credits_used: the month's overage credits, person_daily's days summed (person_daily
-- reads pricing.overageCreditsUsed: with monthToDate, each series' highest value of the month).
-- overage_usd: the month's overage credits × the overage
-- price (pipeline_settings). plan_credits: credits drawn from the plan's included credits;
-- included_credits: the included credits of every profile's tier, summed;
-- plan_utilization: the plan credits' share of them. A tier missing
-- from the config leaves the prices NULL. Credits are rounded to 0.01 (as billed), money to cents.
-- A tier missing from the config never loses the overage dollars: total_usd adds the overage and
-- the subscriptions of the profiles that are priced, while subscription_usd stays NULL.
CREATE OR REPLACE VIEW user_monthly_cost AS
WITH days AS (
  SELECT
    CAST(date_trunc('month', report_date) AS date) AS month,
    report_date,
    userid,
    subscription_tier,
    credits_used,
    overage_credits_used
  FROM person_daily
  WHERE has_credits_row
),
latest_tier AS (
  SELECT
    month,
    userid,
    subscription_tier,
    row_number() OVER (
      PARTITION BY month, userid
      ORDER BY CASE WHEN subscription_tier IS NULL THEN 1 ELSE 0 END, report_date DESC
    ) AS recency
  FROM days
),
months AS (
  SELECT
    month,
    userid,
    sum(credits_used) AS credits_used,
    sum(overage_credits_used) AS overage_credits_used
  FROM days
  GROUP BY month, userid
),
profile_days AS (
  SELECT
    CAST(date_trunc('month', credits.report_date) AS date) AS month,
    credits.report_date,
    credits.userid,
    -- A row without a ProfileId stands for the profile of its account and region.
    coalesce(credits.profile_id, concat(coalesce(credits.account_id, ''), '/', coalesce(credits.region, ''))) AS profile,
    credits.subscription_tier,
    prices.monthly_price_usd,
    prices.included_credits
  FROM credits_daily AS credits
  LEFT JOIN tier_prices AS prices
    ON prices.tier = credits.subscription_tier
  WHERE credits.subscription_tier IS NOT NULL
),
profile_tiers AS (
  SELECT
    profile_days.*,
    row_number() OVER (
      PARTITION BY month, userid, profile
      ORDER BY monthly_price_usd DESC NULLS LAST, subscription_tier
    ) AS price_rank
  FROM profile_days
),
subscriptions AS (
  SELECT
    month,
    userid,
    count(*) AS profiles,
    -- NULL when any profile's tier is missing from the config: a partial sum would look priced.
    CASE WHEN count(monthly_price_usd) = count(*) THEN sum(monthly_price_usd) END AS monthly_price_usd,
    -- What the priced profiles cost: total_usd counts it, so an unpriced tier loses no dollars.
    coalesce(sum(monthly_price_usd), 0) AS priced_subscriptions_usd,
    CASE WHEN count(included_credits) = count(*) THEN sum(included_credits) END AS included_credits
  FROM profile_tiers
  WHERE price_rank = 1
  GROUP BY month, userid
),
priced AS (
  SELECT
    months.month,
    months.userid,
    latest.subscription_tier AS tier,
    coalesce(subscriptions.profiles, 0) AS profiles,
    months.credits_used,
    months.overage_credits_used,
    -- Reads pricing.creditsUsedIncludesOverage (unverified upstream; tier_recommendation reads it
    -- the same way): when Credits_Used already counts the overage, the plan's share is what is
    -- left without it.
    CASE
      WHEN settings.credits_used_includes_overage THEN months.credits_used - months.overage_credits_used
      ELSE months.credits_used
    END AS plan_credits,
    subscriptions.included_credits,
    subscriptions.monthly_price_usd,
    coalesce(subscriptions.priced_subscriptions_usd, 0) AS priced_subscriptions_usd,
    months.overage_credits_used * settings.overage_price_per_credit AS overage_usd
  FROM months
  JOIN latest_tier AS latest
    ON latest.month = months.month
    AND latest.userid = months.userid
    AND latest.recency = 1
  CROSS JOIN pipeline_settings AS settings
  LEFT JOIN subscriptions
    ON subscriptions.month = months.month
    AND subscriptions.userid = months.userid
)
SELECT
  priced.month,
  priced.userid,
  names.display_name,
  priced.tier,
  priced.profiles,
  round(priced.credits_used, 2) AS credits_used,
  round(priced.overage_credits_used, 2) AS overage_credits_used,
  round(priced.plan_credits, 2) AS plan_credits,
  round(priced.included_credits, 2) AS included_credits,
  round(priced.plan_credits / nullif(priced.included_credits, 0), 4) AS plan_utilization,
  round(priced.monthly_price_usd, 2) AS subscription_usd,
  round(priced.overage_usd, 2) AS overage_usd,
  -- Sum of the rounded parts, so the columns add up to the cent. A tier missing from the config
  -- (subscription_usd NULL) still counts the overage and the priced profiles' subscriptions.
  round(round(priced.priced_subscriptions_usd, 2) + round(priced.overage_usd, 2), 2) AS total_usd
FROM priced
LEFT JOIN person_directory AS names
  ON names.userid = priced.userid
