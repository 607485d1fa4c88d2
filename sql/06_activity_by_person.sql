-- activity_by_person: activity_daily with the person's names from person_directory (display_name
-- is the userid for users not (yet) resolved).
CREATE OR REPLACE VIEW activity_by_person AS
SELECT
  activity.*,
  names.display_name,
  names.user_name,
  names.status AS user_status
FROM activity_daily AS activity
LEFT JOIN person_directory AS names
  ON names.userid = activity.userid
