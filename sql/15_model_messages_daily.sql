-- model_messages_daily: messages per (report_date, userid, client_type, model) from the per-model
-- columns of user_report (`<model>_messages`, model = the column name without `_messages`).
-- Reads the canonical table the normalise-reports step writes (each file read by its header
-- names, never by position: the per-model columns move from file to file), not the crawled table.
-- Zero and empty counts are not in the table; a cell that is no count is in data_quality_issues.
-- userid as in credits_daily: quotes and the identity store prefix (d-xxxxxxxxxx.) removed.
-- Re-exports as in credits_daily: per (report_date, client_type, account_id, region) only the
-- rows of the latest export (file stamp) are kept, all its parts together; the latest export is
-- found among every row of user_report_rows, so a re-export without any model count still
-- replaces the older one. Should one export list a key twice, the greater path wins, then the
-- later line. Accounts,
-- regions and profiles of one person are separate usage and are summed.
CREATE OR REPLACE VIEW model_messages_daily AS
WITH exports AS (
  SELECT
    CAST(report_date AS date) AS report_date,
    client_type,
    coalesce(account_id, '') AS account_key,
    coalesce(region, '') AS region_key,
    max(coalesce(file_stamp, '')) AS latest_stamp
  FROM user_report_rows
  GROUP BY CAST(report_date AS date), client_type, coalesce(account_id, ''), coalesce(region, '')
),
counts AS (
  SELECT
    CAST(m.report_date AS date) AS report_date,
    regexp_replace(trim(m.userid), '^[dD]-[0-9a-fA-F]{10}\.', '') AS userid,
    m.client_type,
    m.model,
    CAST(m.messages AS bigint) AS messages,
    coalesce(m.account_id, '') AS account_key,
    coalesce(m.region, '') AS region_key,
    coalesce(m.profile_id, '') AS profile_key,
    coalesce(m.file_stamp, '') AS file_stamp,
    m.source_file,
    m.line
  FROM user_report_model_messages AS m
),
latest AS (
  SELECT
    counts.*,
    row_number() OVER (
      PARTITION BY counts.report_date, counts.userid, counts.client_type, counts.account_key, counts.region_key, counts.profile_key, counts.model
      ORDER BY counts.source_file DESC, counts.line DESC
    ) AS file_rank
  FROM counts
  JOIN exports
    ON exports.report_date = counts.report_date
    AND exports.client_type = counts.client_type
    AND exports.account_key = counts.account_key
    AND exports.region_key = counts.region_key
    AND exports.latest_stamp = counts.file_stamp
  WHERE counts.messages > 0 AND counts.userid <> ''
)
SELECT
  report_date,
  userid,
  client_type,
  model,
  CAST(sum(messages) AS bigint) AS messages
FROM latest
WHERE file_rank = 1
GROUP BY report_date, userid, client_type, model
