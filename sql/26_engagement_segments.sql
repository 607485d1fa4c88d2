-- engagement_segments: everyone ever active (active_person_days) up to report_as_of, by their
-- active days in the trailing window (pipeline_settings.trailing_days calendar days ending at
-- as_of, as user_summary counts it). segment: power from engagement.segments.power active days,
-- active from .active, light from .light; idle below that (with the default light = 1: no
-- activity in the window, but some earlier).
CREATE OR REPLACE VIEW engagement_segments AS
WITH people AS (
  SELECT
    days.userid,
    count(DISTINCT CASE WHEN date_diff('day', days.report_date, as_of.as_of) < settings.trailing_days THEN days.report_date END) AS active_days_30d
  FROM active_person_days AS days
  CROSS JOIN report_as_of AS as_of
  CROSS JOIN pipeline_settings AS settings
  GROUP BY days.userid
)
SELECT
  people.userid,
  names.display_name,
  people.active_days_30d,
  CASE
    WHEN people.active_days_30d >= settings.power_min_active_days THEN 'power'
    WHEN people.active_days_30d >= settings.active_min_active_days THEN 'active'
    WHEN people.active_days_30d >= settings.light_min_active_days THEN 'light'
    ELSE 'idle'
  END AS segment
FROM people
CROSS JOIN pipeline_settings AS settings
LEFT JOIN person_directory AS names
  ON names.userid = people.userid
