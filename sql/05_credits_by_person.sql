-- credits_by_person: credits_daily with the person's names from person_directory (display_name
-- is the userid for users not (yet) resolved).
CREATE OR REPLACE VIEW credits_by_person AS
SELECT
  credits.*,
  names.display_name,
  names.user_name,
  names.status AS user_status
FROM credits_daily AS credits
LEFT JOIN person_directory AS names
  ON names.userid = credits.userid
