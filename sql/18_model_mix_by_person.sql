-- model_mix_by_person: each person's messages per model (model_messages_daily summed over their
-- clients), measured at report_as_of. One row per (userid, model) with messages in any day.
-- Trailing window (_30d columns): the pipeline_settings.trailing_days report days ending at
-- as_of, as in user_summary; a day after as_of (a data fault, see report_as_of) is in no window.
-- share_of_person: the model's part of the person's messages (window, all days); NULL when the
-- person has no window messages. model_messages_30d: everyone's window messages with the model;
-- share_of_model_30d: the person's part of them. rank_in_model_30d: 1 = most window messages with
-- the model (ties by name, so ranks are unique), NULL without window messages with it.
-- display_name: person_directory's, which knows every user_report id (so its rule, the userid
-- when unresolved, is not repeated here).
CREATE OR REPLACE VIEW model_mix_by_person AS
WITH days AS (
  SELECT
    daily.userid,
    daily.model,
    daily.messages,
    daily.report_date <= as_of.as_of
      AND date_diff('day', daily.report_date, as_of.as_of) < settings.trailing_days AS in_window
  FROM model_messages_daily AS daily
  CROSS JOIN report_as_of AS as_of
  CROSS JOIN pipeline_settings AS settings
),
per_model AS (
  SELECT
    userid,
    model,
    sum(CASE WHEN in_window THEN messages ELSE 0 END) AS messages_30d,
    sum(messages) AS messages_total
  FROM days
  GROUP BY userid, model
),
totals AS (
  SELECT
    per_model.*,
    sum(messages_30d) OVER (PARTITION BY userid) AS person_30d,
    sum(messages_total) OVER (PARTITION BY userid) AS person_total,
    sum(messages_30d) OVER (PARTITION BY model) AS model_30d
  FROM per_model
),
named AS (
  SELECT
    totals.*,
    names.display_name
  FROM totals
  LEFT JOIN person_directory AS names
    ON names.userid = totals.userid
)
SELECT
  model,
  userid,
  display_name,
  CAST(messages_30d AS bigint) AS messages_30d,
  CASE WHEN person_30d > 0 THEN CAST(messages_30d AS double) / person_30d END AS share_of_person_30d,
  CAST(messages_total AS bigint) AS messages_total,
  CAST(messages_total AS double) / nullif(person_total, 0) AS share_of_person_total,
  CAST(model_30d AS bigint) AS model_messages_30d,
  CASE WHEN messages_30d > 0 THEN CAST(messages_30d AS double) / model_30d END AS share_of_model_30d,
  CASE
    WHEN messages_30d > 0
      THEN row_number() OVER (PARTITION BY model ORDER BY messages_30d DESC, display_name, userid)
  END AS rank_in_model_30d
FROM named
