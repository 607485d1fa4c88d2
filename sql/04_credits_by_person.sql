-- credits_by_person: credits_daily with the person's names. display_name falls back to the
-- userid, so users not (yet) resolved still show up under a stable label.
CREATE OR REPLACE VIEW credits_by_person AS
SELECT
  credits.*,
  coalesce(directory.display_name, credits.userid) AS display_name,
  directory.user_name,
  directory.status AS user_status
FROM credits_daily AS credits
LEFT JOIN user_directory AS directory
  ON directory.userid = credits.userid
