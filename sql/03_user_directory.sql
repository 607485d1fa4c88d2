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
-- user_monthly_cost applies the same sources as of a given day. user_mapping grows by a line per
-- lookup and every people view reads this view, so it reads the table once: every line is ranked
-- for all the picks in one pass, and the picked lines are folded into one row per person.
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
ranked AS (
  -- One pass over the lookups (Athena reads a WITH query again at each reference): each line
  -- ranked for every pick. The latest line; the latest with a display name (lines without one
  -- rank after every line with one); the latest ACTIVE lookup that read an attribute, over all
  -- attributes (any_recency) and per attribute (attribute_recency), likewise ranked first.
  SELECT
    resolutions.*,
    row_number() OVER (
      PARTITION BY userid
      ORDER BY resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS recency,
    row_number() OVER (
      PARTITION BY userid
      ORDER BY CASE WHEN display_name IS NULL THEN 1 ELSE 0 END, resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS named_recency,
    row_number() OVER (
      PARTITION BY userid
      ORDER BY CASE WHEN status = 'ACTIVE' AND team_attribute IS NOT NULL THEN 0 ELSE 1 END, resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS any_recency,
    row_number() OVER (
      PARTITION BY userid, team_attribute
      ORDER BY CASE WHEN status = 'ACTIVE' THEN 0 ELSE 1 END, resolved_instant DESC NULLS LAST, resolved_day DESC
    ) AS attribute_recency
  FROM resolutions
),
picks AS (
  -- The lines some pick takes (a handful per person), each with what it is taken for. A team
  -- counts from the person's latest ACTIVE lookup that read the attribute the latest snapshot
  -- names (is_attribute_pick) or, before any snapshot, that read any (is_any_pick).
  SELECT
    userid,
    status,
    resolved_at,
    display_name,
    user_name,
    team,
    team_attribute,
    recency = 1 AS is_latest,
    named_recency = 1 AND display_name IS NOT NULL AS is_named,
    any_recency = 1 AND status = 'ACTIVE' AND team_attribute IS NOT NULL AS is_any_pick,
    attribute_recency = 1 AND status = 'ACTIVE' AND team_attribute IS NOT NULL AS is_attribute_pick
  FROM ranked
  WHERE recency = 1 OR named_recency = 1 OR any_recency = 1 OR attribute_recency = 1
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
people AS (
  -- Every picked line with its person's latest group line, if any. The full join keeps the
  -- snapshot's own line, whose id and team source the windows hand to every row.
  SELECT
    picks.*,
    listed.snapshot AS listed_snapshot,
    listed.team AS listed_team,
    max(CASE WHEN listed.userid IS NULL THEN listed.snapshot END) OVER () AS latest_snapshot,
    max(CASE WHEN listed.userid IS NULL THEN listed.team_source END) OVER () AS team_source
  FROM picks
  FULL JOIN (SELECT * FROM group_lines WHERE recency = 1) AS listed
    ON listed.userid = picks.userid
),
attributed AS (
  SELECT
    people.*,
    CASE
      WHEN latest_snapshot IS NULL THEN is_any_pick
      ELSE team_attribute = team_source AND is_attribute_pick
    END AS is_team_pick
  FROM people
  WHERE userid IS NOT NULL
)
SELECT
  userid,
  max(CASE WHEN is_named THEN display_name END) AS display_name,
  max(CASE WHEN is_named THEN user_name END) AS user_name,
  max(CASE WHEN is_latest THEN status END) AS status,
  max(CASE WHEN is_latest THEN resolved_at END) AS resolved_at,
  CASE
    WHEN max(team_source) = 'groups' THEN max(CASE WHEN listed_snapshot = latest_snapshot THEN listed_team END)
    ELSE max(CASE WHEN is_team_pick THEN team END)
  END AS team,
  CASE WHEN max(team_source) = 'groups' THEN NULL ELSE max(CASE WHEN is_team_pick THEN team_attribute END) END AS team_attribute
FROM attributed
GROUP BY userid
