-- engagement_funnel: the people of each engagement segment, one row per segment (power, active,
-- light, idle; 0 when nobody is in it).
CREATE OR REPLACE VIEW engagement_funnel AS
SELECT
  segments.segment,
  count(people.userid) AS people
FROM (VALUES ('power', 1), ('active', 2), ('light', 3), ('idle', 4)) AS segments (segment, segment_order)
LEFT JOIN engagement_segments AS people
  ON people.segment = segments.segment
GROUP BY segments.segment, segments.segment_order
