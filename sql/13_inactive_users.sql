-- inactive_users: people whose last active day is at least pipeline_settings.inactive_after_days
-- before report_as_of. monthly_seat_usd: the list price of their latest
-- tier, what reclaiming the seat would save each month (NULL for a tier missing from the config).
CREATE OR REPLACE VIEW inactive_users AS
SELECT
  summary.userid,
  summary.display_name,
  summary.last_seen,
  summary.days_inactive,
  summary.latest_tier,
  round(prices.monthly_price_usd, 2) AS monthly_seat_usd
FROM user_summary AS summary
CROSS JOIN pipeline_settings AS settings
LEFT JOIN tier_prices AS prices
  ON prices.tier = summary.latest_tier
WHERE summary.days_inactive >= settings.inactive_after_days
