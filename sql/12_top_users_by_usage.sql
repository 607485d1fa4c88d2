-- top_users_by_usage: every person ranked by activity_score_30d over the trailing window
-- (rank 1 = most active; ties by name, so ranks are unique).
CREATE OR REPLACE VIEW top_users_by_usage AS
SELECT
  row_number() OVER (ORDER BY summary.activity_score_30d DESC, summary.display_name, summary.userid) AS rank,
  summary.userid,
  summary.display_name,
  summary.usage_category,
  summary.activity_score_30d,
  summary.messages_30d,
  summary.conversations_30d,
  summary.ai_code_lines_30d,
  summary.credits_30d,
  summary.latest_tier,
  summary.last_seen
FROM user_summary AS summary
