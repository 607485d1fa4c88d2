-- activity_daily: the 44 legacy activity metrics per (report_date, userid) from the crawled
-- by_user_analytic table (KiroLogs/ or QDeveloperLogs/). No client type in this report.
-- The report date is MM-DD-YYYY and is parsed explicitly; rows whose date does not parse are
-- left out (they cannot be placed on a day). Empty metric cells become 0; a non-numeric value
-- becomes NULL, never 0. Source columns are strings (OpenCSVSerDe); CAST(... AS varchar) keeps
-- the view working if a column is ever typed.
-- account_id and region come from the file's key (AWSLogs/<account>/…/by_user_analytic/<region>/…).
-- Re-exports: as in credits_daily, per (report_date, account_id, region) only the rows of the
-- latest export (the files sharing the newest yyyymmddHHMM stamp in the name, wherever it sits)
-- are kept, all its parts together; files without a stamp count as older than any stamped one.
-- One row per (report_date, userid, account_id, region); within one export the greater path wins.
CREATE OR REPLACE VIEW activity_daily AS
WITH cells AS (
  SELECT
    nullif(trim(CAST("date" AS varchar)), '') AS date_text,
    nullif(trim(CAST(userid AS varchar)), '') AS userid_text,
    nullif(trim(CAST(chat_aicodelines AS varchar)), '') AS chat_aicodelines,
    nullif(trim(CAST(chat_messagesinteracted AS varchar)), '') AS chat_messagesinteracted,
    nullif(trim(CAST(chat_messagessent AS varchar)), '') AS chat_messagessent,
    nullif(trim(CAST(codefix_acceptanceeventcount AS varchar)), '') AS codefix_acceptanceeventcount,
    nullif(trim(CAST(codefix_acceptedlines AS varchar)), '') AS codefix_acceptedlines,
    nullif(trim(CAST(codefix_generatedlines AS varchar)), '') AS codefix_generatedlines,
    nullif(trim(CAST(codefix_generationeventcount AS varchar)), '') AS codefix_generationeventcount,
    nullif(trim(CAST(codereview_failedeventcount AS varchar)), '') AS codereview_failedeventcount,
    nullif(trim(CAST(codereview_findingscount AS varchar)), '') AS codereview_findingscount,
    nullif(trim(CAST(codereview_succeededeventcount AS varchar)), '') AS codereview_succeededeventcount,
    nullif(trim(CAST(dev_acceptanceeventcount AS varchar)), '') AS dev_acceptanceeventcount,
    nullif(trim(CAST(dev_acceptedlines AS varchar)), '') AS dev_acceptedlines,
    nullif(trim(CAST(dev_generatedlines AS varchar)), '') AS dev_generatedlines,
    nullif(trim(CAST(dev_generationeventcount AS varchar)), '') AS dev_generationeventcount,
    nullif(trim(CAST(docgeneration_acceptedfileupdates AS varchar)), '') AS docgeneration_acceptedfileupdates,
    nullif(trim(CAST(docgeneration_acceptedfilescreations AS varchar)), '') AS docgeneration_acceptedfilescreations,
    nullif(trim(CAST(docgeneration_acceptedlineadditions AS varchar)), '') AS docgeneration_acceptedlineadditions,
    nullif(trim(CAST(docgeneration_acceptedlineupdates AS varchar)), '') AS docgeneration_acceptedlineupdates,
    nullif(trim(CAST(docgeneration_eventcount AS varchar)), '') AS docgeneration_eventcount,
    nullif(trim(CAST(docgeneration_rejectedfilecreations AS varchar)), '') AS docgeneration_rejectedfilecreations,
    nullif(trim(CAST(docgeneration_rejectedfileupdates AS varchar)), '') AS docgeneration_rejectedfileupdates,
    nullif(trim(CAST(docgeneration_rejectedlineadditions AS varchar)), '') AS docgeneration_rejectedlineadditions,
    nullif(trim(CAST(docgeneration_rejectedlineupdates AS varchar)), '') AS docgeneration_rejectedlineupdates,
    nullif(trim(CAST(inlinechat_acceptanceeventcount AS varchar)), '') AS inlinechat_acceptanceeventcount,
    nullif(trim(CAST(inlinechat_acceptedlineadditions AS varchar)), '') AS inlinechat_acceptedlineadditions,
    nullif(trim(CAST(inlinechat_acceptedlinedeletions AS varchar)), '') AS inlinechat_acceptedlinedeletions,
    nullif(trim(CAST(inlinechat_dismissaleventcount AS varchar)), '') AS inlinechat_dismissaleventcount,
    nullif(trim(CAST(inlinechat_dismissedlineadditions AS varchar)), '') AS inlinechat_dismissedlineadditions,
    nullif(trim(CAST(inlinechat_dismissedlinedeletions AS varchar)), '') AS inlinechat_dismissedlinedeletions,
    nullif(trim(CAST(inlinechat_rejectedlineadditions AS varchar)), '') AS inlinechat_rejectedlineadditions,
    nullif(trim(CAST(inlinechat_rejectedlinedeletions AS varchar)), '') AS inlinechat_rejectedlinedeletions,
    nullif(trim(CAST(inlinechat_rejectioneventcount AS varchar)), '') AS inlinechat_rejectioneventcount,
    nullif(trim(CAST(inlinechat_totaleventcount AS varchar)), '') AS inlinechat_totaleventcount,
    nullif(trim(CAST(inline_aicodelines AS varchar)), '') AS inline_aicodelines,
    nullif(trim(CAST(inline_acceptancecount AS varchar)), '') AS inline_acceptancecount,
    nullif(trim(CAST(inline_suggestionscount AS varchar)), '') AS inline_suggestionscount,
    nullif(trim(CAST(testgeneration_acceptedlines AS varchar)), '') AS testgeneration_acceptedlines,
    nullif(trim(CAST(testgeneration_acceptedtests AS varchar)), '') AS testgeneration_acceptedtests,
    nullif(trim(CAST(testgeneration_eventcount AS varchar)), '') AS testgeneration_eventcount,
    nullif(trim(CAST(testgeneration_generatedlines AS varchar)), '') AS testgeneration_generatedlines,
    nullif(trim(CAST(testgeneration_generatedtests AS varchar)), '') AS testgeneration_generatedtests,
    nullif(trim(CAST(transformation_eventcount AS varchar)), '') AS transformation_eventcount,
    nullif(trim(CAST(transformation_linesgenerated AS varchar)), '') AS transformation_linesgenerated,
    nullif(trim(CAST(transformation_linesingested AS varchar)), '') AS transformation_linesingested,
    "$path" AS source_file
  FROM by_user_analytic
),
typed AS (
  SELECT
    CAST(try(date_parse(date_text, '%m-%d-%Y')) AS date) AS report_date,
    -- Drop surrounding quotes, then the identity store prefix (d-xxxxxxxxxx.) some rows carry.
    regexp_replace(regexp_extract(userid_text, '^"?\s*(.*?)\s*"?$', 1), '^[dD]-[0-9a-fA-F]{10}\.', '') AS userid,
    CASE WHEN chat_aicodelines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(chat_aicodelines AS bigint) END AS chat_aicodelines,
    CASE WHEN chat_messagesinteracted IS NULL THEN CAST(0 AS bigint) ELSE try_cast(chat_messagesinteracted AS bigint) END AS chat_messagesinteracted,
    CASE WHEN chat_messagessent IS NULL THEN CAST(0 AS bigint) ELSE try_cast(chat_messagessent AS bigint) END AS chat_messagessent,
    CASE WHEN codefix_acceptanceeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codefix_acceptanceeventcount AS bigint) END AS codefix_acceptanceeventcount,
    CASE WHEN codefix_acceptedlines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codefix_acceptedlines AS bigint) END AS codefix_acceptedlines,
    CASE WHEN codefix_generatedlines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codefix_generatedlines AS bigint) END AS codefix_generatedlines,
    CASE WHEN codefix_generationeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codefix_generationeventcount AS bigint) END AS codefix_generationeventcount,
    CASE WHEN codereview_failedeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codereview_failedeventcount AS bigint) END AS codereview_failedeventcount,
    CASE WHEN codereview_findingscount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codereview_findingscount AS bigint) END AS codereview_findingscount,
    CASE WHEN codereview_succeededeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(codereview_succeededeventcount AS bigint) END AS codereview_succeededeventcount,
    CASE WHEN dev_acceptanceeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(dev_acceptanceeventcount AS bigint) END AS dev_acceptanceeventcount,
    CASE WHEN dev_acceptedlines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(dev_acceptedlines AS bigint) END AS dev_acceptedlines,
    CASE WHEN dev_generatedlines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(dev_generatedlines AS bigint) END AS dev_generatedlines,
    CASE WHEN dev_generationeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(dev_generationeventcount AS bigint) END AS dev_generationeventcount,
    CASE WHEN docgeneration_acceptedfileupdates IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_acceptedfileupdates AS bigint) END AS docgeneration_acceptedfileupdates,
    CASE WHEN docgeneration_acceptedfilescreations IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_acceptedfilescreations AS bigint) END AS docgeneration_acceptedfilescreations,
    CASE WHEN docgeneration_acceptedlineadditions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_acceptedlineadditions AS bigint) END AS docgeneration_acceptedlineadditions,
    CASE WHEN docgeneration_acceptedlineupdates IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_acceptedlineupdates AS bigint) END AS docgeneration_acceptedlineupdates,
    CASE WHEN docgeneration_eventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_eventcount AS bigint) END AS docgeneration_eventcount,
    CASE WHEN docgeneration_rejectedfilecreations IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_rejectedfilecreations AS bigint) END AS docgeneration_rejectedfilecreations,
    CASE WHEN docgeneration_rejectedfileupdates IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_rejectedfileupdates AS bigint) END AS docgeneration_rejectedfileupdates,
    CASE WHEN docgeneration_rejectedlineadditions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_rejectedlineadditions AS bigint) END AS docgeneration_rejectedlineadditions,
    CASE WHEN docgeneration_rejectedlineupdates IS NULL THEN CAST(0 AS bigint) ELSE try_cast(docgeneration_rejectedlineupdates AS bigint) END AS docgeneration_rejectedlineupdates,
    CASE WHEN inlinechat_acceptanceeventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_acceptanceeventcount AS bigint) END AS inlinechat_acceptanceeventcount,
    CASE WHEN inlinechat_acceptedlineadditions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_acceptedlineadditions AS bigint) END AS inlinechat_acceptedlineadditions,
    CASE WHEN inlinechat_acceptedlinedeletions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_acceptedlinedeletions AS bigint) END AS inlinechat_acceptedlinedeletions,
    CASE WHEN inlinechat_dismissaleventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_dismissaleventcount AS bigint) END AS inlinechat_dismissaleventcount,
    CASE WHEN inlinechat_dismissedlineadditions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_dismissedlineadditions AS bigint) END AS inlinechat_dismissedlineadditions,
    CASE WHEN inlinechat_dismissedlinedeletions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_dismissedlinedeletions AS bigint) END AS inlinechat_dismissedlinedeletions,
    CASE WHEN inlinechat_rejectedlineadditions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_rejectedlineadditions AS bigint) END AS inlinechat_rejectedlineadditions,
    CASE WHEN inlinechat_rejectedlinedeletions IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_rejectedlinedeletions AS bigint) END AS inlinechat_rejectedlinedeletions,
    CASE WHEN inlinechat_rejectioneventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_rejectioneventcount AS bigint) END AS inlinechat_rejectioneventcount,
    CASE WHEN inlinechat_totaleventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inlinechat_totaleventcount AS bigint) END AS inlinechat_totaleventcount,
    CASE WHEN inline_aicodelines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inline_aicodelines AS bigint) END AS inline_aicodelines,
    CASE WHEN inline_acceptancecount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inline_acceptancecount AS bigint) END AS inline_acceptancecount,
    CASE WHEN inline_suggestionscount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(inline_suggestionscount AS bigint) END AS inline_suggestionscount,
    CASE WHEN testgeneration_acceptedlines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(testgeneration_acceptedlines AS bigint) END AS testgeneration_acceptedlines,
    CASE WHEN testgeneration_acceptedtests IS NULL THEN CAST(0 AS bigint) ELSE try_cast(testgeneration_acceptedtests AS bigint) END AS testgeneration_acceptedtests,
    CASE WHEN testgeneration_eventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(testgeneration_eventcount AS bigint) END AS testgeneration_eventcount,
    CASE WHEN testgeneration_generatedlines IS NULL THEN CAST(0 AS bigint) ELSE try_cast(testgeneration_generatedlines AS bigint) END AS testgeneration_generatedlines,
    CASE WHEN testgeneration_generatedtests IS NULL THEN CAST(0 AS bigint) ELSE try_cast(testgeneration_generatedtests AS bigint) END AS testgeneration_generatedtests,
    CASE WHEN transformation_eventcount IS NULL THEN CAST(0 AS bigint) ELSE try_cast(transformation_eventcount AS bigint) END AS transformation_eventcount,
    CASE WHEN transformation_linesgenerated IS NULL THEN CAST(0 AS bigint) ELSE try_cast(transformation_linesgenerated AS bigint) END AS transformation_linesgenerated,
    CASE WHEN transformation_linesingested IS NULL THEN CAST(0 AS bigint) ELSE try_cast(transformation_linesingested AS bigint) END AS transformation_linesingested,
    -- Athena gives NULL, DuckDB '' when nothing matches: both become NULL (folders) or '' (stamp).
    nullif(regexp_extract(source_file, '/AWSLogs/([^/]+)/', 1), '') AS account_id,
    nullif(regexp_extract(source_file, '/by_user_analytic/([^/]+)/', 1), '') AS region,
    source_file,
    coalesce(regexp_extract(source_file, '_by_user_analytic_(?:[^/]*?_)?([0-9]{12})(?:[^0-9]|$)', 1), '') AS file_stamp
  FROM cells
),
exports AS (
  SELECT
    typed.*,
    max(file_stamp) OVER (PARTITION BY report_date, account_id, region) AS latest_stamp
  FROM typed
  WHERE report_date IS NOT NULL
),
ranked AS (
  SELECT
    exports.*,
    row_number() OVER (
      PARTITION BY report_date, userid, account_id, region
      ORDER BY source_file DESC
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
