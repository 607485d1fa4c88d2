-- activity_by_person: activity_daily with the person's names. display_name falls back to the
-- userid, so users not (yet) resolved still show up under a stable label.
CREATE OR REPLACE VIEW activity_by_person AS
SELECT
  activity.*,
  coalesce(directory.display_name, activity.userid) AS display_name,
  directory.user_name,
  directory.status AS user_status
FROM activity_daily AS activity
LEFT JOIN user_directory AS directory
  ON directory.userid = activity.userid
