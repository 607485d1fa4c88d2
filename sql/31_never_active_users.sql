-- never_active_users: the seats nobody uses. Members of a licensed group (licensedGroups, as the
-- latest group_membership snapshot read them) with no row at all in either report.
-- licensed_group, licensed_tier: the first listed licensed group they are in and its tier;
-- monthly_seat_usd: that tier's list price (tier_prices), what reclaiming the seat saves a month.
-- display_name, user_name: person_directory's (read-groups runs before FindUsersToResolve, so a
-- member never seen in the reports is looked up too and has a directory entry).
CREATE OR REPLACE VIEW never_active_users AS
WITH lines AS (
  -- group_membership read once (Athena reads a WITH query again at each reference): each line
  -- with its snapshot's recency, taken from the snapshot's own line (userid NULL).
  SELECT
    CAST(snapshot AS varchar) AS snapshot,
    userid,
    licensed_group,
    licensed_tier,
    max(CASE WHEN userid IS NULL THEN 1 ELSE 0 END) OVER (PARTITION BY CAST(snapshot AS varchar)) = 1 AS has_own_line,
    max(CASE WHEN userid IS NULL THEN try(from_iso8601_timestamp(CAST(read_at AS varchar))) END) OVER (PARTITION BY CAST(snapshot AS varchar)) AS read_instant,
    max(CASE WHEN userid IS NULL THEN CAST(read_date AS varchar) END) OVER (PARTITION BY CAST(snapshot AS varchar)) AS read_day
  FROM group_membership
  WHERE snapshot IS NOT NULL
),
ranked AS (
  -- The latest snapshot, on every line: a snapshot without its own line is none.
  SELECT
    lines.*,
    first_value(CASE WHEN has_own_line THEN snapshot END) OVER (
      ORDER BY CASE WHEN has_own_line THEN 0 ELSE 1 END, read_instant DESC NULLS LAST, read_day DESC NULLS LAST, snapshot DESC
    ) AS latest
  FROM lines
),
seats AS (
  SELECT
    trim(CAST(userid AS varchar)) AS userid,
    CAST(licensed_group AS varchar) AS licensed_group,
    CAST(licensed_tier AS varchar) AS licensed_tier
  FROM ranked
  WHERE snapshot = latest AND userid IS NOT NULL AND licensed_group IS NOT NULL
),
seen AS (
  SELECT DISTINCT userid FROM person_daily
)
SELECT
  seats.userid,
  names.display_name,
  names.user_name,
  seats.licensed_group,
  seats.licensed_tier,
  round(prices.monthly_price_usd, 2) AS monthly_seat_usd
FROM seats
LEFT JOIN seen
  ON seen.userid = seats.userid
LEFT JOIN person_directory AS names
  ON names.userid = seats.userid
LEFT JOIN tier_prices AS prices
  ON prices.tier = seats.licensed_tier
WHERE seen.userid IS NULL
