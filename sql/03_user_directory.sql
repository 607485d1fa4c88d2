-- user_directory: one row per userid from the user_mapping partitions written by resolve-users.
-- The latest resolution (by resolved_at, then resolved_date) gives status and resolved_at.
-- Names come from the latest resolution that has a display name, so a user deleted from
-- Identity Center keeps the last name they were known by. Carriage returns and line feeds in
-- names (Identity Center allows them) are removed; chr/replace behave the same in Trino and DuckDB.
-- A line the JSON SerDe cannot read (ignore.malformed.json) arrives as a row without a userid and
-- is left out: its id has no directory entry, so FindUsersToResolve looks it up again.
-- team (issue 13): the person's team now, NULL when unknown. Where teams come from is what the
-- latest group_membership snapshot (read-groups, one per run) says in team_source: `groups` →
-- the team of that snapshot's line for the person (the first listed team group they are in);
-- an enterprise attribute (`department`, …) → the team of the latest ACTIVE lookup that read that
-- attribute (a deleted user keeps their last team, as their name); NULL → no teams. Before any
-- snapshot exists, the latest ACTIVE lookup's team, whatever attribute it read. team_attribute:
-- the enterprise attribute `team` was read from, NULL when teams come from groups or not at all.
-- user_monthly_cost applies the same sources as of a given day.
CREATE OR REPLACE VIEW user_directory AS
WITH resolutions AS (
  SELECT
    trim(CAST(userid AS varchar)) AS userid,
    nullif(trim(replace(replace(CAST(display_name AS varchar), chr(13), ''), chr(10), ' ')), '') AS display_name,
    nullif(trim(replace(replace(CAST(user_name AS varchar), chr(13), ''), chr(10), ' ')), '') AS user_name,
    upper(trim(CAST(status AS varchar))) AS status,
    CAST(resolved_at AS varchar) AS resolved_at,
    nullif(trim(replace(replace(CAST(team AS varchar), chr(13), ''), chr(10), ' ')), '') AS team,
    nullif(trim(CAST(team_attribute AS varchar)), '') AS team_attribute,
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
),
snapshots AS (
  SELECT
    CAST(team_source AS varchar) AS team_source,
    row_number() OVER (
      ORDER BY try(from_iso8601_timestamp(CAST(read_at AS varchar))) DESC NULLS LAST, CAST(read_date AS varchar) DESC, CAST(snapshot AS varchar) DESC
    ) AS recency,
    CAST(snapshot AS varchar) AS snapshot
  FROM group_membership
  WHERE userid IS NULL AND snapshot IS NOT NULL
),
team_source AS (
  -- One row: whether a snapshot exists, and the latest one's team source.
  SELECT count(*) > 0 AS known, max(team_source) AS team_source, max(snapshot) AS snapshot
  FROM snapshots
  WHERE recency = 1
),
group_teams AS (
  SELECT
    trim(CAST(members.userid AS varchar)) AS userid,
    nullif(trim(CAST(members.team AS varchar)), '') AS team
  FROM group_membership AS members
  JOIN team_source
    ON CAST(members.snapshot AS varchar) = team_source.snapshot
  WHERE members.userid IS NOT NULL
),
latest_active AS (
  SELECT
    resolutions.userid,
    resolutions.team,
    resolutions.team_attribute,
    row_number() OVER (
      PARTITION BY resolutions.userid
      ORDER BY resolutions.resolved_instant DESC NULLS LAST, resolutions.resolved_day DESC
    ) AS recency
  FROM resolutions
  CROSS JOIN team_source
  WHERE resolutions.status = 'ACTIVE'
    AND resolutions.team_attribute IS NOT NULL
    AND (NOT team_source.known OR resolutions.team_attribute = team_source.team_source)
)
SELECT
  latest.userid,
  latest_named.display_name,
  latest_named.user_name,
  latest.status,
  latest.resolved_at,
  CASE
    WHEN team_source.known AND team_source.team_source = 'groups' THEN group_teams.team
    ELSE attributed.team
  END AS team,
  CASE WHEN team_source.known AND team_source.team_source = 'groups' THEN NULL ELSE attributed.team_attribute END AS team_attribute
FROM latest
CROSS JOIN team_source
LEFT JOIN latest_named
  ON latest_named.userid = latest.userid
  AND latest_named.recency = 1
LEFT JOIN group_teams
  ON group_teams.userid = latest.userid
LEFT JOIN latest_active AS attributed
  ON attributed.userid = latest.userid
  AND attributed.recency = 1
WHERE latest.recency = 1
