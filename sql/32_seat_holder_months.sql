-- seat_holder_months: the seat rules seat_summary and team_seats share, one row per calendar month
-- with report rows and seat holder. The month's seat holders are the members of a licensed group
-- in the group_membership snapshot in force on its reference day (the month's last day, or as_of
-- in the as_of month): the latest snapshot read on or before it, else the first one read after
-- it. used: 1 when the holder has a report row that month; idle: 1 when they are inactive as
-- inactive_users defines it, on the reference day (a last report day at least inactive_after_days
-- before it); never_active: 1 when they have no report row on or before the reference day. idle
-- and never_active do not overlap; a seat used early in a month can be idle at its end.
-- monthly_price_usd: the list price of the seat's licensed tier (tier_prices), NULL for a tier
-- missing from the config. snapshot_team: the team on the holder's line of that snapshot (set
-- when teams come from groups). No snapshot yet: no rows.
CREATE OR REPLACE VIEW seat_holder_months AS
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
    nullif(trim(CAST(members.team AS varchar)), '') AS snapshot_team,
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
    max(holders.snapshot_team) AS snapshot_team,
    max(CASE WHEN CAST(date_trunc('month', person.report_date) AS date) = holders.month THEN 1 ELSE 0 END) AS used,
    max(CASE WHEN person.report_date <= holders.reference_day THEN person.report_date END) AS last_seen,
    max(holders.reference_day) AS reference_day
  FROM holders
  LEFT JOIN person_daily AS person
    ON person.userid = holders.userid
  GROUP BY holders.month, holders.userid, holders.monthly_price_usd
)
SELECT
  holder_days.month,
  holder_days.reference_day,
  holder_days.userid,
  holder_days.snapshot_team,
  holder_days.used,
  holder_days.monthly_price_usd,
  CASE WHEN holder_days.last_seen IS NULL THEN 1 ELSE 0 END AS never_active,
  CASE
    WHEN holder_days.last_seen IS NOT NULL AND date_diff('day', holder_days.last_seen, holder_days.reference_day) >= settings.inactive_after_days THEN 1
    ELSE 0
  END AS idle
FROM holder_days
CROSS JOIN pipeline_settings AS settings
