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
group_lines AS (
  -- The only read of group_membership (it holds every run's full lists): each person's latest
  -- line, and the latest snapshot's own line (userid NULL). Lines of one snapshot share its read_at.
  SELECT
    trim(CAST(userid AS varchar)) AS userid,
    CAST(snapshot AS varchar) AS snapshot,
    CAST(team_source AS varchar) AS team_source,
    nullif(trim(CAST(team AS varchar)), '') AS team,
    row_number() OVER (
      PARTITION BY trim(CAST(userid AS varchar))
      ORDER BY try(from_iso8601_timestamp(CAST(read_at AS varchar))) DESC NULLS LAST, CAST(read_date AS varchar) DESC, CAST(snapshot AS varchar) DESC
    ) AS recency
  FROM group_membership
  WHERE snapshot IS NOT NULL
),
latest_active AS (
  -- A lookup's team counts when it is the person's latest ACTIVE one that read the attribute the
  -- latest snapshot names (attribute_recency) or, before any snapshot, that read any (any_recency).
  SELECT
    userid,
    team,
    team_attribute,
    row_number() OVER (
      PARTITION BY userid
      ORDER BY resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS any_recency,
    row_number() OVER (
      PARTITION BY userid, team_attribute
      ORDER BY resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS attribute_recency
  FROM resolutions
  WHERE status = 'ACTIVE'
    AND team_attribute IS NOT NULL
),
people AS (
  -- Everyone in the directory with their latest group line, if any. The full join keeps the
  -- snapshot's own line, whose id and team source the windows hand to every row.
  SELECT
    latest.userid,
    latest.status,
    latest.resolved_at,
    listed.snapshot AS listed_snapshot,
    listed.team AS listed_team,
    max(CASE WHEN listed.userid IS NULL THEN listed.snapshot END) OVER () AS latest_snapshot,
    max(CASE WHEN listed.userid IS NULL THEN listed.team_source END) OVER () AS team_source
  FROM (SELECT * FROM latest WHERE recency = 1) AS latest
  FULL JOIN (SELECT * FROM group_lines WHERE recency = 1) AS listed
    ON listed.userid = latest.userid
)
SELECT
  people.userid,
  latest_named.display_name,
  latest_named.user_name,
  people.status,
  people.resolved_at,
  CASE
    WHEN people.team_source = 'groups' THEN
      CASE WHEN people.listed_snapshot = people.latest_snapshot THEN people.listed_team END
    ELSE attributed.team
  END AS team,
  CASE WHEN people.team_source = 'groups' THEN NULL ELSE attributed.team_attribute END AS team_attribute
FROM people
LEFT JOIN latest_named
  ON latest_named.userid = people.userid
  AND latest_named.recency = 1
LEFT JOIN latest_active AS attributed
  ON attributed.userid = people.userid
  AND CASE
    WHEN people.latest_snapshot IS NULL THEN attributed.any_recency = 1
    ELSE attributed.team_attribute = people.team_source AND attributed.attribute_recency = 1
  END
WHERE people.userid IS NOT NULL
