-- activity_daily: the 44 legacy activity metrics per (report_date, userid) from
-- by_user_analytic_rows, the canonical table the normalise-reports step writes: every
-- by_user_analytic file (KiroLogs/ or QDeveloperLogs/) read by its header names, never by a
-- column's position, one typed row per report row. No client type in this report.
-- What the normaliser already did (handlers/normalise-reports/normalise-analytic.ts): the
-- month-first date (MM-DD-YYYY) read as a day; userid without quotes and without the identity
-- store prefix (d-xxxxxxxxxx.); empty metric cells 0 (older files leave zeros empty); a cell
-- that is no count, or a negative, non-finite or absurd one, NULL and never 0; account_id,
-- region and the file's export stamp taken from its key. A row whose date is not a calendar
-- day (or is before 2024-01-01) or whose UserId is empty is not in the table: it is counted in data_quality_issues (as
-- every NULL-ed cell is), never dropped silently.
-- Re-exports: as in credits_daily, per (report_date, account_id, region) only the rows of the
-- latest export (the files sharing the newest yyyymmddHHMM stamp in the name, wherever it sits)
-- are kept, all its parts together; files without a stamp count as older than any stamped one.
-- One row per (report_date, userid, account_id, region); within one export the greater path wins,
-- then the later line.
CREATE OR REPLACE VIEW activity_daily AS
WITH report_rows AS (
  SELECT
    CAST(report_date AS date) AS report_date,
    userid,
    chat_aicodelines,
    chat_messagesinteracted,
    chat_messagessent,
    codefix_acceptanceeventcount,
    codefix_acceptedlines,
    codefix_generatedlines,
    codefix_generationeventcount,
    codereview_failedeventcount,
    codereview_findingscount,
    codereview_succeededeventcount,
    dev_acceptanceeventcount,
    dev_acceptedlines,
    dev_generatedlines,
    dev_generationeventcount,
    docgeneration_acceptedfileupdates,
    docgeneration_acceptedfilescreations,
    docgeneration_acceptedlineadditions,
    docgeneration_acceptedlineupdates,
    docgeneration_eventcount,
    docgeneration_rejectedfilecreations,
    docgeneration_rejectedfileupdates,
    docgeneration_rejectedlineadditions,
    docgeneration_rejectedlineupdates,
    inlinechat_acceptanceeventcount,
    inlinechat_acceptedlineadditions,
    inlinechat_acceptedlinedeletions,
    inlinechat_dismissaleventcount,
    inlinechat_dismissedlineadditions,
    inlinechat_dismissedlinedeletions,
    inlinechat_rejectedlineadditions,
    inlinechat_rejectedlinedeletions,
    inlinechat_rejectioneventcount,
    inlinechat_totaleventcount,
    inline_aicodelines,
    inline_acceptancecount,
    inline_suggestionscount,
    testgeneration_acceptedlines,
    testgeneration_acceptedtests,
    testgeneration_eventcount,
    testgeneration_generatedlines,
    testgeneration_generatedtests,
    transformation_eventcount,
    transformation_linesgenerated,
    transformation_linesingested,
    account_id,
    region,
    source_file,
    line,
    coalesce(file_stamp, '') AS file_stamp
  FROM by_user_analytic_rows
),
exports AS (
  SELECT
    report_rows.*,
    max(file_stamp) OVER (PARTITION BY report_date, account_id, region) AS latest_stamp
  FROM report_rows
),
ranked AS (
  SELECT
    exports.*,
    row_number() OVER (
      PARTITION BY report_date, userid, account_id, region
      ORDER BY source_file DESC, line DESC
    ) AS file_rank
  FROM exports
  WHERE file_stamp = latest_stamp
)
SELECT
  report_date,
  userid,
  chat_aicodelines,
  chat_messagesinteracted,
  chat_messagessent,
  codefix_acceptanceeventcount,
  codefix_acceptedlines,
  codefix_generatedlines,
  codefix_generationeventcount,
  codereview_failedeventcount,
  codereview_findingscount,
  codereview_succeededeventcount,
  dev_acceptanceeventcount,
  dev_acceptedlines,
  dev_generatedlines,
  dev_generationeventcount,
  docgeneration_acceptedfileupdates,
  docgeneration_acceptedfilescreations,
  docgeneration_acceptedlineadditions,
  docgeneration_acceptedlineupdates,
  docgeneration_eventcount,
  docgeneration_rejectedfilecreations,
  docgeneration_rejectedfileupdates,
  docgeneration_rejectedlineadditions,
  docgeneration_rejectedlineupdates,
  inlinechat_acceptanceeventcount,
  inlinechat_acceptedlineadditions,
  inlinechat_acceptedlinedeletions,
  inlinechat_dismissaleventcount,
  inlinechat_dismissedlineadditions,
  inlinechat_dismissedlinedeletions,
  inlinechat_rejectedlineadditions,
  inlinechat_rejectedlinedeletions,
  inlinechat_rejectioneventcount,
  inlinechat_totaleventcount,
  inline_aicodelines,
  inline_acceptancecount,
  inline_suggestionscount,
  testgeneration_acceptedlines,
  testgeneration_acceptedtests,
  testgeneration_eventcount,
  testgeneration_generatedlines,
  testgeneration_generatedtests,
  transformation_eventcount,
  transformation_linesgenerated,
  transformation_linesingested,
  account_id,
  region,
  source_file
FROM ranked
WHERE file_rank = 1
