-- seat_summary: one row per calendar month with report rows: the licensed seats and how they
-- were used. The month's seat holders are the members of a licensed group in the
-- group_membership snapshot in force on its reference day (the month's last day, or as_of in the
-- as_of month): the latest snapshot read on or before it, else the first one read after it.
-- used_seats: seat holders with a report row that month; idle_seats: seat holders inactive as
-- inactive_users defines it, on the reference day (a last report day at least
-- inactive_after_days before it); never_active_seats: seat holders with no report row on or
-- before the reference day. idle and never-active seats do not overlap; a seat used early in a
-- month can be idle at its end. The _usd columns: the list price of each seat's licensed tier
-- (tier_prices), what reclaiming those seats saves a month. No snapshot yet: 0 seats.
CREATE OR REPLACE VIEW seat_summary AS
WITH months AS (
  SELECT
    CAST(date_trunc('month', person.report_date) AS date) AS month,
    least(max(last_day_of_month(person.report_date)), max(as_of.as_of)) AS reference_day
  FROM person_daily AS person
  CROSS JOIN report_as_of AS as_of
  GROUP BY CAST(date_trunc('month', person.report_date) AS date)
),
snapshots AS (
  SELECT DISTINCT
    CAST(snapshot AS varchar) AS snapshot,
    CAST(CAST(read_date AS varchar) AS date) AS read_day,
    try(from_iso8601_timestamp(CAST(read_at AS varchar))) AS read_instant
  FROM group_membership
  WHERE userid IS NULL AND snapshot IS NOT NULL
),
snapshot_in_force AS (
  SELECT month, reference_day, snapshot
  FROM (
    SELECT
      months.month,
      months.reference_day,
      snapshots.snapshot,
      row_number() OVER (
        PARTITION BY months.month
        ORDER BY
          CASE WHEN snapshots.read_day <= months.reference_day THEN 0 ELSE 1 END,
          CASE WHEN snapshots.read_day <= months.reference_day THEN snapshots.read_day END DESC NULLS LAST,
          CASE WHEN snapshots.read_day <= months.reference_day THEN snapshots.read_instant END DESC NULLS LAST,
          snapshots.read_day,
          snapshots.read_instant NULLS LAST,
          snapshots.snapshot
      ) AS pick
    FROM months
    CROSS JOIN snapshots
  ) AS ranked
  WHERE pick = 1
),
holders AS (
  SELECT
    picked.month,
    picked.reference_day,
    trim(CAST(members.userid AS varchar)) AS userid,
    prices.monthly_price_usd
  FROM snapshot_in_force AS picked
  JOIN group_membership AS members
    ON CAST(members.snapshot AS varchar) = picked.snapshot
  LEFT JOIN tier_prices AS prices
    ON prices.tier = CAST(members.licensed_tier AS varchar)
  WHERE members.userid IS NOT NULL AND members.licensed_group IS NOT NULL
),
holder_days AS (
  SELECT
    holders.month,
    holders.userid,
    holders.monthly_price_usd,
    max(CASE WHEN CAST(date_trunc('month', person.report_date) AS date) = holders.month THEN 1 ELSE 0 END) AS used,
    max(CASE WHEN person.report_date <= holders.reference_day THEN person.report_date END) AS last_seen,
    max(holders.reference_day) AS reference_day
  FROM holders
  LEFT JOIN person_daily AS person
    ON person.userid = holders.userid
  GROUP BY holders.month, holders.userid, holders.monthly_price_usd
),
states AS (
  SELECT
    holder_days.month,
    holder_days.used,
    holder_days.monthly_price_usd,
    CASE WHEN holder_days.last_seen IS NULL THEN 1 ELSE 0 END AS never_active,
    CASE
      WHEN holder_days.last_seen IS NOT NULL AND date_diff('day', holder_days.last_seen, holder_days.reference_day) >= settings.inactive_after_days THEN 1
      ELSE 0
    END AS idle
  FROM holder_days
  CROSS JOIN pipeline_settings AS settings
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
LEFT JOIN states
  ON states.month = months.month
GROUP BY months.month
