-- tier_recommendation: for everyone with user_report rows in the month of report_as_of, the
-- cheapest tier for that month's projected credits.
-- projected_credits: credits so far (plan + overage) / days elapsed × days in the month, from the
-- month's unrounded credits (person_daily), not user_monthly_cost's rounded ones: the projection
-- multiplies, so a rounded input would move the result by up to a cent. Only the output is rounded.
-- The overage is person_daily's, read as pricing.overageCreditsUsed says (a month-to-date total
-- counts once), and is added only when Credits_Used leaves it out (pricing.creditsUsedIncludesOverage).
-- Cost of a tier: its list price + projected credits above its included credits × the overage
-- price. A tier without overage (FREE) is a candidate only when its allowance covers the
-- projection (to the cent): beyond it the person would be cut off, not billed. Costs equal to the cent are a
-- tie, which keeps the current tier, then prefers the cheaper list price.
-- action: UPGRADE (recommended tier is dearer), DOWNGRADE (cheaper) or KEEP; NULL, with a NULL
-- saving, when the current tier is missing from the config and so cannot be priced.
-- monthly_saving_usd: cost on the current tier minus cost on the recommended one.
-- effective: when the change takes effect: 'now' for an UPGRADE (the vendor applies it at once),
-- 'next_month' for a DOWNGRADE (applied from the next month); NULL for KEEP and a NULL action.
-- annual_saving_usd: monthly_saving_usd × 12.
CREATE OR REPLACE VIEW tier_recommendation AS
WITH month_credits AS (
  SELECT
    person.userid,
    sum(person.credits_used) AS credits_used,
    sum(person.overage_credits_used) AS overage_credits_used,
    -- The month and its days, carried here rather than joined again (a second read of report_as_of).
    max(as_of.as_of_month) AS month,
    max(as_of.days_elapsed) AS days_elapsed,
    max(as_of.days_in_month) AS days_in_month
  FROM person_daily AS person
  JOIN report_as_of AS as_of
    ON CAST(date_trunc('month', person.report_date) AS date) = as_of.as_of_month
  WHERE person.has_credits_row
  GROUP BY person.userid
),
current_month AS (
  SELECT
    cost.userid,
    cost.display_name,
    cost.tier AS current_tier,
    -- Credits drawn (plan + overage): Credits_Used, plus the overage when it does not include it
    -- (pricing.creditsUsedIncludesOverage, read as user_monthly_cost reads it).
    CAST(
      CASE
        WHEN settings.credits_used_includes_overage THEN credits.credits_used
        ELSE credits.credits_used + credits.overage_credits_used
      END AS double
    ) / credits.days_elapsed * credits.days_in_month AS projected_credits
  FROM user_monthly_cost AS cost
  JOIN month_credits AS credits
    ON credits.userid = cost.userid
    AND credits.month = cost.month
  CROSS JOIN pipeline_settings AS settings
),
-- Each tier a person could be on, with the person's own columns: every later step reads this one
-- WITH query, since Athena inlines a WITH query at each reference and reads its tables again.
options AS (
  SELECT
    person.userid,
    person.display_name,
    person.current_tier,
    person.projected_credits,
    prices.tier,
    prices.monthly_price_usd,
    prices.included_credits,
    prices.monthly_price_usd
      + greatest(person.projected_credits - prices.included_credits, CAST(0 AS double)) * settings.overage_price_per_credit AS cost_usd
  FROM current_month AS person
  CROSS JOIN tier_prices AS prices
  CROSS JOIN pipeline_settings AS settings
  -- Compared at the cent it is shown and billed at: unrounded, a sum of doubles added up in
  -- another order (50.000000000000007 against 50) would flip a person at the allowance.
  WHERE prices.allows_overage OR round(person.projected_credits, 2) <= prices.included_credits
),
-- The cheapest option first, and beside it the person's current tier's option (NULL when their
-- tier is not among the options: missing from the config, or without overage and outgrown).
ranked AS (
  SELECT
    options.*,
    row_number() OVER (
      PARTITION BY options.userid
      ORDER BY round(options.cost_usd, 2), CASE WHEN options.tier = options.current_tier THEN 0 ELSE 1 END, options.monthly_price_usd, options.tier
    ) AS choice,
    max(CASE WHEN options.tier = options.current_tier THEN options.tier END) OVER (PARTITION BY options.userid) AS current_option_tier,
    max(CASE WHEN options.tier = options.current_tier THEN options.monthly_price_usd END) OVER (PARTITION BY options.userid) AS current_option_price_usd,
    max(CASE WHEN options.tier = options.current_tier THEN options.included_credits END) OVER (PARTITION BY options.userid) AS current_option_included_credits,
    max(CASE WHEN options.tier = options.current_tier THEN options.cost_usd END) OVER (PARTITION BY options.userid) AS current_option_cost_usd
  FROM options
)
-- effective and annual_saving_usd read the recommendation below (its action and saving).
SELECT
  recommendation.*,
  CASE recommendation.action WHEN 'UPGRADE' THEN 'now' WHEN 'DOWNGRADE' THEN 'next_month' END AS effective,
  round(recommendation.monthly_saving_usd * 12, 2) AS annual_saving_usd
FROM (
SELECT
  best.userid,
  best.display_name,
  best.current_tier,
  round(best.projected_credits, 2) AS projected_credits,
  best.tier AS recommended_tier,
  CASE
    WHEN best.current_option_tier IS NULL THEN NULL
    WHEN best.tier = best.current_option_tier THEN 'KEEP'
    WHEN best.monthly_price_usd > best.current_option_price_usd
      OR (best.monthly_price_usd = best.current_option_price_usd AND best.included_credits > best.current_option_included_credits)
      THEN 'UPGRADE'
    ELSE 'DOWNGRADE'
  END AS action,
  round(best.current_option_cost_usd - best.cost_usd, 2) AS monthly_saving_usd
FROM ranked AS best
WHERE best.choice = 1
) AS recommendation
