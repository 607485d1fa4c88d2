-- seat_summary: one row per calendar month with report rows: the licensed seats and how they
-- were used, by the seat rules of seat_holder_months. used_seats: seat holders with a report row
-- that month; idle_seats: seat holders inactive as inactive_users defines it, on the month's
-- reference day; never_active_seats: seat holders with no report row on or before it. idle and
-- never-active seats do not overlap. The _usd columns: the list price of each seat's licensed
-- tier (tier_prices), what reclaiming those seats saves a month. No snapshot yet: 0 seats.
CREATE OR REPLACE VIEW seat_summary AS
WITH months AS (
  SELECT DISTINCT CAST(date_trunc('month', report_date) AS date) AS month
  FROM person_daily
)
SELECT
  months.month,
  count(states.month) AS licensed_seats,
  coalesce(sum(states.used), 0) AS used_seats,
  coalesce(sum(states.idle), 0) AS idle_seats,
  coalesce(sum(states.never_active), 0) AS never_active_seats,
  round(coalesce(sum(CASE WHEN states.idle = 1 THEN states.monthly_price_usd END), 0), 2) AS idle_seat_usd,
  round(coalesce(sum(CASE WHEN states.never_active = 1 THEN states.monthly_price_usd END), 0), 2) AS never_active_seat_usd
FROM months
LEFT JOIN seat_holder_months AS states
  ON states.month = months.month
GROUP BY months.month
