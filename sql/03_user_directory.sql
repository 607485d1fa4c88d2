-- user_directory: one row per userid from the user_mapping partitions written by resolve-users.
-- The latest resolution (by resolved_at, then resolved_date) gives status and resolved_at.
-- Names come from the latest resolution that has a display name, so a user deleted from
-- Identity Center keeps the last name they were known by. Carriage returns and line feeds in
-- names (Identity Center allows them) are removed; chr/replace behave the same in Trino and DuckDB.
-- A line the JSON SerDe cannot read (ignore.malformed.json) arrives as a row without a userid and
-- is left out: its id has no directory entry, so FindUsersToResolve looks it up again.
CREATE OR REPLACE VIEW user_directory AS
WITH resolutions AS (
  SELECT
    trim(CAST(userid AS varchar)) AS userid,
    nullif(trim(replace(replace(CAST(display_name AS varchar), chr(13), ''), chr(10), ' ')), '') AS display_name,
    nullif(trim(replace(replace(CAST(user_name AS varchar), chr(13), ''), chr(10), ' ')), '') AS user_name,
    upper(trim(CAST(status AS varchar))) AS status,
    CAST(resolved_at AS varchar) AS resolved_at,
    -- Parsed, not compared as text: '...05.250Z' is later than '...05Z' but sorts before it.
    try(from_iso8601_timestamp(CAST(resolved_at AS varchar))) AS resolved_instant,
    CAST(resolved_date AS varchar) AS resolved_day
  FROM user_mapping
  WHERE nullif(trim(CAST(userid AS varchar)), '') IS NOT NULL
),
latest AS (
  SELECT
    resolutions.*,
    row_number() OVER (
      PARTITION BY userid
      ORDER BY resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS recency
  FROM resolutions
),
latest_named AS (
  SELECT
    userid,
    display_name,
    user_name,
    row_number() OVER (
      PARTITION BY userid
      ORDER BY resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS recency
  FROM resolutions
  WHERE display_name IS NOT NULL
)
SELECT
  latest.userid,
  latest_named.display_name,
  latest_named.user_name,
  latest.status,
  latest.resolved_at
FROM latest
LEFT JOIN latest_named
  ON latest_named.userid = latest.userid
  AND latest_named.recency = 1
WHERE latest.recency = 1
