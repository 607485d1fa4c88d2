-- active_person_days: the one rule for "active", one row per (report_date, userid, client_type)
-- a person was active on. Active: a user_report row with any messages or credits (client_type
-- is the row's), or a by_user_analytic row with any non-zero metric (of all 44; that report has
-- no client, so a day active only there has client_type NULL). subscription_tier: person_daily's
-- tier of the day (NULL without a user_report row). Days after report_as_of are left out, as
-- every people view measures to it.
CREATE OR REPLACE VIEW active_person_days AS
WITH credit_days AS (
  SELECT DISTINCT report_date, userid, client_type
  FROM credits_daily
  WHERE coalesce(total_messages, 0) <> 0
    OR coalesce(credits_used, 0) <> 0
    OR coalesce(overage_credits_used, 0) <> 0
),
analytic_days AS (
  SELECT DISTINCT report_date, userid
  FROM activity_daily
  WHERE (
      coalesce(chat_aicodelines, 0) <> 0
      OR coalesce(chat_messagesinteracted, 0) <> 0
      OR coalesce(chat_messagessent, 0) <> 0
      OR coalesce(codefix_acceptanceeventcount, 0) <> 0
      OR coalesce(codefix_acceptedlines, 0) <> 0
      OR coalesce(codefix_generatedlines, 0) <> 0
      OR coalesce(codefix_generationeventcount, 0) <> 0
      OR coalesce(codereview_failedeventcount, 0) <> 0
      OR coalesce(codereview_findingscount, 0) <> 0
      OR coalesce(codereview_succeededeventcount, 0) <> 0
      OR coalesce(dev_acceptanceeventcount, 0) <> 0
      OR coalesce(dev_acceptedlines, 0) <> 0
      OR coalesce(dev_generatedlines, 0) <> 0
      OR coalesce(dev_generationeventcount, 0) <> 0
      OR coalesce(docgeneration_acceptedfileupdates, 0) <> 0
      OR coalesce(docgeneration_acceptedfilescreations, 0) <> 0
      OR coalesce(docgeneration_acceptedlineadditions, 0) <> 0
      OR coalesce(docgeneration_acceptedlineupdates, 0) <> 0
      OR coalesce(docgeneration_eventcount, 0) <> 0
      OR coalesce(docgeneration_rejectedfilecreations, 0) <> 0
      OR coalesce(docgeneration_rejectedfileupdates, 0) <> 0
      OR coalesce(docgeneration_rejectedlineadditions, 0) <> 0
      OR coalesce(docgeneration_rejectedlineupdates, 0) <> 0
      OR coalesce(inlinechat_acceptanceeventcount, 0) <> 0
      OR coalesce(inlinechat_acceptedlineadditions, 0) <> 0
      OR coalesce(inlinechat_acceptedlinedeletions, 0) <> 0
      OR coalesce(inlinechat_dismissaleventcount, 0) <> 0
      OR coalesce(inlinechat_dismissedlineadditions, 0) <> 0
      OR coalesce(inlinechat_dismissedlinedeletions, 0) <> 0
      OR coalesce(inlinechat_rejectedlineadditions, 0) <> 0
      OR coalesce(inlinechat_rejectedlinedeletions, 0) <> 0
      OR coalesce(inlinechat_rejectioneventcount, 0) <> 0
      OR coalesce(inlinechat_totaleventcount, 0) <> 0
      OR coalesce(inline_aicodelines, 0) <> 0
      OR coalesce(inline_acceptancecount, 0) <> 0
      OR coalesce(inline_suggestionscount, 0) <> 0
      OR coalesce(testgeneration_acceptedlines, 0) <> 0
      OR coalesce(testgeneration_acceptedtests, 0) <> 0
      OR coalesce(testgeneration_eventcount, 0) <> 0
      OR coalesce(testgeneration_generatedlines, 0) <> 0
      OR coalesce(testgeneration_generatedtests, 0) <> 0
      OR coalesce(transformation_eventcount, 0) <> 0
      OR coalesce(transformation_linesgenerated, 0) <> 0
      OR coalesce(transformation_linesingested, 0) <> 0
  )
),
sources AS (
  SELECT report_date, userid, client_type, true AS from_credits FROM credit_days
  UNION ALL
  SELECT report_date, userid, CAST(NULL AS varchar) AS client_type, false AS from_credits FROM analytic_days
),
active AS (
  -- A day active in by_user_analytic only adds a row without a client. A window over both
  -- sources rather than a join back to credit_days, which Athena would read a second time.
  SELECT report_date, userid, client_type
  FROM (
    SELECT sources.*, bool_or(from_credits) OVER (PARTITION BY report_date, userid) AS day_has_credits
    FROM sources
  ) AS marked
  WHERE from_credits OR NOT day_has_credits
)
SELECT
  active.report_date,
  active.userid,
  active.client_type,
  person.subscription_tier
FROM active
CROSS JOIN report_as_of AS as_of
LEFT JOIN person_daily AS person
  ON person.report_date = active.report_date
  AND person.userid = active.userid
WHERE active.report_date <= as_of.as_of
  AND active.userid IS NOT NULL
  AND active.userid <> ''
