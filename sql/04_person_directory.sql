-- person_directory: the one rule for the name to show for a person. One row per userid seen in
-- either daily view or resolved in user_directory. display_name: the directory's display name
-- (resolve-users already puts the user name there when Identity Center has no display name),
-- else the userid, so users not (yet) resolved still show up under a stable label. Every view
-- and query that shows a person's name reads it from here instead of repeating the rule.
-- user_name and status: user_directory's, NULL for a userid it does not know.
-- user_directory is read once (Athena reads a view again at each reference, and it reads every
-- group_membership snapshot): its rows join the report ids in one union, grouped by userid.
CREATE OR REPLACE VIEW person_directory AS
WITH people AS (
  SELECT userid, CAST(NULL AS varchar) AS display_name, CAST(NULL AS varchar) AS user_name, CAST(NULL AS varchar) AS status
  FROM credits_daily
  UNION ALL
  SELECT userid, NULL, NULL, NULL
  FROM activity_daily
  UNION ALL
  SELECT userid, display_name, user_name, status
  FROM user_directory
)
SELECT
  directory.userid,
  coalesce(directory.display_name, directory.userid) AS display_name,
  directory.user_name,
  directory.status
FROM (
  SELECT userid, max(display_name) AS display_name, max(user_name) AS user_name, max(status) AS status
  FROM people
  WHERE userid IS NOT NULL
  GROUP BY userid
) AS directory
