-- never_active_users: the seats nobody uses. Members of a licensed group (licensedGroups, as the
-- latest group_membership snapshot read them) with no row at all in either report.
-- licensed_group, licensed_tier: the first listed licensed group they are in and its tier;
-- monthly_seat_usd: that tier's list price (tier_prices), what reclaiming the seat saves a month.
-- display_name, user_name: person_directory's (read-groups runs before FindUsersToResolve, so a
-- member never seen in the reports is looked up too and has a directory entry).
-- group_membership is read twice, the snapshots' own lines and then the latest one's members: a
-- single read would pick the latest in a window over every line of the history, on one node.
CREATE OR REPLACE VIEW never_active_users AS
WITH latest AS (
  SELECT snapshot
  FROM (
    SELECT
      CAST(snapshot AS varchar) AS snapshot,
      row_number() OVER (
        ORDER BY try(from_iso8601_timestamp(CAST(read_at AS varchar))) DESC NULLS LAST, CAST(read_date AS varchar) DESC, CAST(snapshot AS varchar) DESC
      ) AS recency
    FROM group_membership
    WHERE userid IS NULL AND snapshot IS NOT NULL
  ) AS ranked
  WHERE recency = 1
),
seats AS (
  SELECT
    trim(CAST(members.userid AS varchar)) AS userid,
    CAST(members.licensed_group AS varchar) AS licensed_group,
    CAST(members.licensed_tier AS varchar) AS licensed_tier
  FROM group_membership AS members
  JOIN latest
    ON CAST(members.snapshot AS varchar) = latest.snapshot
  WHERE members.userid IS NOT NULL AND members.licensed_group IS NOT NULL
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
