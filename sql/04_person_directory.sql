-- person_directory: the one rule for the name to show for a person. One row per userid seen in
-- either daily view or resolved in user_directory. display_name: the directory's display name
-- (resolve-users already puts the user name there when Identity Center has no display name),
-- else the userid, so users not (yet) resolved still show up under a stable label. Every view
-- and query that shows a person's name reads it from here instead of repeating the rule.
-- user_name and status: user_directory's, NULL for a userid it does not know.
CREATE OR REPLACE VIEW person_directory AS
WITH people AS (
  SELECT userid FROM credits_daily
  UNION
  SELECT userid FROM activity_daily
  UNION
  SELECT userid FROM user_directory
)
SELECT
  people.userid,
  coalesce(directory.display_name, people.userid) AS display_name,
  directory.user_name,
  directory.status
FROM people
LEFT JOIN user_directory AS directory
  ON directory.userid = people.userid
WHERE people.userid IS NOT NULL
