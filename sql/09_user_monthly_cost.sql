-- user_monthly_cost: what each person cost in each calendar month with user_report rows.
-- tier: the tier of their latest day with a tier that month (person_daily settles a day whose
-- rows disagree). The vendor bills each profile (ProfileId; the profile of another account or
-- region is another profile) its own subscription, so a person under two profiles pays two:
-- profiles counts the profiles with a tier that month, subscription_usd adds the list price
-- (tier_prices, from the config) of each profile's billed tier: the most expensive tier the
-- profile held that month (the vendor charges the highest tier held and applies a downgrade from
-- the next month), so an upgrade mid-month bills the new tier and a downgrade the old one.
-- overage_credits_used: the month's overage credits, person_daily's days summed (person_daily
-- reads pricing.overageCreditsUsed: with monthToDate, each series' highest value of the month).
-- overage_usd: the month's overage credits × the overage
-- price (pipeline_settings). plan_credits: credits drawn from the plan's included credits;
-- included_credits: the included credits of every profile's tier, summed;
-- plan_utilization: the plan credits' share of them. A tier missing
-- from the config leaves the prices NULL. Credits are rounded to 0.01 (as billed), money to cents.
-- A tier missing from the config never loses the overage dollars: total_usd adds the overage and
-- the subscriptions of the profiles that are priced, while subscription_usd stays NULL.
-- team (issue 13): the person's team on their last day with a report row that month, from the
-- sources user_directory names (the latest group_membership snapshot's team_source): with
-- `groups`, the snapshot in force that day (the latest read on or before it, else the first one
-- read after it); with an attribute, the ACTIVE lookup of that attribute in force that day
-- (likewise); NULL without teams. So a person who changes team mid-month costs their new team
-- the whole month once a lookup or snapshot on or before their last day has seen the change.
CREATE OR REPLACE VIEW user_monthly_cost AS
WITH days AS (
  SELECT
    CAST(date_trunc('month', report_date) AS date) AS month,
    report_date,
    userid,
    subscription_tier,
    credits_used,
    overage_credits_used
  FROM person_daily
  WHERE has_credits_row
),
months AS (
  -- One pass over the days (Athena reads a WITH query again at every reference): the month's
  -- sums, its last day, and the tier of its latest day with a tier (NULL when none has one).
  SELECT
    month,
    userid,
    sum(credits_used) AS credits_used,
    sum(overage_credits_used) AS overage_credits_used,
    max(report_date) AS last_day,
    max(CASE WHEN tier_recency = 1 THEN subscription_tier END) AS subscription_tier
  FROM (
    SELECT
      days.*,
      row_number() OVER (
        PARTITION BY month, userid
        ORDER BY CASE WHEN subscription_tier IS NULL THEN 1 ELSE 0 END, report_date DESC
      ) AS tier_recency
    FROM days
  ) AS ranked_days
  GROUP BY month, userid
),
profile_days AS (
  SELECT
    CAST(date_trunc('month', credits.report_date) AS date) AS month,
    credits.report_date,
    credits.userid,
    -- A row without a ProfileId stands for the profile of its account and region.
    coalesce(credits.profile_id, concat(coalesce(credits.account_id, ''), '/', coalesce(credits.region, ''))) AS profile,
    credits.subscription_tier,
    prices.monthly_price_usd,
    prices.included_credits
  FROM credits_daily AS credits
  LEFT JOIN tier_prices AS prices
    ON prices.tier = credits.subscription_tier
  WHERE credits.subscription_tier IS NOT NULL
),
profile_tiers AS (
  SELECT
    profile_days.*,
    row_number() OVER (
      PARTITION BY month, userid, profile
      ORDER BY monthly_price_usd DESC NULLS LAST, subscription_tier
    ) AS price_rank
  FROM profile_days
),
subscriptions AS (
  SELECT
    month,
    userid,
    count(*) AS profiles,
    -- NULL when any profile's tier is missing from the config: a partial sum would look priced.
    CASE WHEN count(monthly_price_usd) = count(*) THEN sum(monthly_price_usd) END AS monthly_price_usd,
    -- What the priced profiles cost: total_usd counts it, so an unpriced tier loses no dollars.
    coalesce(sum(monthly_price_usd), 0) AS priced_subscriptions_usd,
    CASE WHEN count(included_credits) = count(*) THEN sum(included_credits) END AS included_credits
  FROM profile_tiers
  WHERE price_rank = 1
  GROUP BY month, userid
),
priced AS (
  SELECT
    months.month,
    months.userid,
    months.last_day,
    months.subscription_tier AS tier,
    coalesce(subscriptions.profiles, 0) AS profiles,
    months.credits_used,
    months.overage_credits_used,
    -- Reads pricing.creditsUsedIncludesOverage (unverified upstream; tier_recommendation reads it
    -- the same way): when Credits_Used already counts the overage, the plan's share is what is
    -- left without it.
    CASE
      WHEN settings.credits_used_includes_overage THEN months.credits_used - months.overage_credits_used
      ELSE months.credits_used
    END AS plan_credits,
    subscriptions.included_credits,
    subscriptions.monthly_price_usd,
    coalesce(subscriptions.priced_subscriptions_usd, 0) AS priced_subscriptions_usd,
    months.overage_credits_used * settings.overage_price_per_credit AS overage_usd
  FROM months
  CROSS JOIN pipeline_settings AS settings
  LEFT JOIN subscriptions
    ON subscriptions.month = months.month
    AND subscriptions.userid = months.userid
),
membership AS (
  -- group_membership is read once here: Athena reads a WITH query again at each reference, and
  -- every snapshot lists every member. A snapshot's own line (userid NULL) says when it was read
  -- and where teams come from; the others are its members.
  SELECT
    CASE WHEN userid IS NULL THEN 0 ELSE 2 END AS kind,
    CAST(snapshot AS varchar) AS snapshot,
    trim(CAST(userid AS varchar)) AS userid,
    nullif(trim(CAST(team AS varchar)), '') AS team,
    CASE WHEN userid IS NULL THEN CAST(team_source AS varchar) END AS own_source,
    CASE WHEN userid IS NULL THEN CAST(CAST(read_date AS varchar) AS date) END AS own_day,
    CASE WHEN userid IS NULL THEN try(from_iso8601_timestamp(CAST(read_at AS varchar))) END AS own_instant
  FROM group_membership
  WHERE snapshot IS NOT NULL
),
stream AS (
  -- The person-months (kind 1) and the snapshots' lines (0: a snapshot's own line, 2: a member)
  -- in one set, so that windows settle which snapshot is in force on each person-month's last
  -- day and whether the person is in it, without a second read of either. The windows that look
  -- across snapshots keep each snapshot's members in a partition of their own (leading key
  -- members_of): they then sort the person-months and the snapshots' own lines, not every member
  -- line of the history on one node; what they give a member line is not used.
  SELECT
    1 AS kind,
    priced.month,
    priced.userid,
    priced.last_day,
    priced.tier,
    priced.profiles,
    priced.credits_used,
    priced.overage_credits_used,
    priced.plan_credits,
    priced.included_credits,
    priced.monthly_price_usd,
    priced.priced_subscriptions_usd,
    priced.overage_usd,
    NULL AS snapshot,
    NULL AS member_team,
    NULL AS own_source,
    NULL AS own_day,
    NULL AS own_instant
  FROM priced
  UNION ALL
  SELECT
    kind, NULL, userid, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    snapshot, team, own_source, own_day, own_instant
  FROM membership
),
snapshot_lines AS (
  -- Each line with its snapshot's read day, instant and team source (those of its own line).
  SELECT
    stream.*,
    CASE WHEN kind = 2 THEN snapshot END AS members_of,
    max(own_source) OVER (PARTITION BY snapshot) AS team_source,
    max(own_day) OVER (PARTITION BY snapshot) AS read_day,
    max(own_instant) OVER (PARTITION BY snapshot) AS read_instant
  FROM stream
),
picks AS (
  -- As in user_directory, the latest snapshot's team source holds. Among the groups snapshots,
  -- the one in force from its read day on is the latest read that day (day_pick), the one in
  -- force before the first read day the first one read (first_pick).
  SELECT
    snapshot_lines.*,
    first_value(team_source) OVER (
      PARTITION BY members_of
      ORDER BY CASE WHEN kind = 0 THEN 0 ELSE 1 END, read_instant DESC NULLS LAST, read_day DESC NULLS LAST, snapshot DESC NULLS LAST
    ) AS latest_source,
    max(CASE WHEN kind = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY members_of) = 1 AS known,
    first_value(snapshot) OVER (
      PARTITION BY kind, team_source = 'groups', read_day
      ORDER BY read_instant DESC NULLS LAST, snapshot
    ) AS day_pick,
    first_value(snapshot) OVER (
      PARTITION BY members_of, kind, team_source = 'groups'
      ORDER BY read_day NULLS LAST, read_instant NULLS LAST, snapshot
    ) AS first_pick
  FROM snapshot_lines
),
in_force_days AS (
  -- in_force_day: the read day of the groups snapshot in force on a person-month's last day (the
  -- latest day pick read on or before it; NULL before the first read day).
  SELECT
    picks.*,
    max(CASE WHEN kind = 0 AND team_source = 'groups' THEN first_pick END) OVER (PARTITION BY members_of) AS before_first_read,
    max(CASE WHEN kind = 0 AND team_source = 'groups' AND snapshot = day_pick THEN read_day END) OVER (
      PARTITION BY members_of
      ORDER BY coalesce(last_day, read_day), kind
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS in_force_day
  FROM picks
),
in_force AS (
  -- The snapshot in force on each person-month's last day: the day pick of in_force_day, else the
  -- first one read; NULL without any groups snapshot.
  SELECT
    in_force_days.*,
    CASE
      WHEN kind = 1 AND in_force_day IS NULL THEN before_first_read
      ELSE max(CASE WHEN kind = 0 AND team_source = 'groups' AND snapshot = day_pick THEN snapshot END) OVER (
        PARTITION BY
          members_of,
          CASE WHEN kind = 1 THEN in_force_day WHEN kind = 0 AND team_source = 'groups' AND snapshot = day_pick THEN read_day END
      )
    END AS in_force_snapshot
  FROM in_force_days
),
group_teams AS (
  -- Each person-month with the team of their line in the snapshot in force (NULL when not in it).
  SELECT
    in_force.*,
    max(CASE WHEN kind = 2 THEN member_team END) OVER (
      PARTITION BY userid, CASE WHEN kind = 1 THEN in_force_snapshot ELSE snapshot END
    ) AS group_team
  FROM in_force
),
lookups AS (
  SELECT
    trim(CAST(userid AS varchar)) AS userid,
    nullif(trim(replace(replace(CAST(team AS varchar), chr(13), ''), chr(10), ' ')), '') AS team,
    CAST(CAST(resolved_date AS varchar) AS date) AS resolved_day,
    try(from_iso8601_timestamp(CAST(resolved_at AS varchar))) AS resolved_instant,
    trim(CAST(team_attribute AS varchar)) AS team_attribute
  FROM user_mapping
  WHERE upper(trim(CAST(status AS varchar))) = 'ACTIVE'
    AND nullif(trim(CAST(team_attribute AS varchar)), '') IS NOT NULL
),
teamed AS (
  -- The team on the month's last day: with `groups`, the member list of the snapshot in force
  -- then; with an attribute, the lookup in force then (the latest on or before it, else the
  -- first one after it).
  SELECT
    priced.*,
    CASE
      WHEN priced.known AND priced.latest_source = 'groups' THEN priced.group_team
      ELSE lookups.team
    END AS team,
    row_number() OVER (
      PARTITION BY priced.month, priced.userid
      ORDER BY
        CASE WHEN lookups.resolved_day <= priced.last_day THEN 0 ELSE 1 END,
        CASE WHEN lookups.resolved_day <= priced.last_day THEN lookups.resolved_day END DESC NULLS LAST,
        CASE WHEN lookups.resolved_day <= priced.last_day THEN lookups.resolved_instant END DESC NULLS LAST,
        lookups.resolved_day,
        lookups.resolved_instant NULLS LAST
    ) AS lookup_pick
  FROM (SELECT * FROM group_teams WHERE kind = 1) AS priced
  LEFT JOIN lookups
    ON lookups.userid = priced.userid
    -- Before any snapshot, a lookup of any attribute; after, only of the one the latest names.
    AND (NOT priced.known OR lookups.team_attribute = priced.latest_source)
)
SELECT
  priced.month,
  priced.userid,
  names.display_name,
  priced.tier,
  priced.profiles,
  round(priced.credits_used, 2) AS credits_used,
  round(priced.overage_credits_used, 2) AS overage_credits_used,
  round(priced.plan_credits, 2) AS plan_credits,
  round(priced.included_credits, 2) AS included_credits,
  round(priced.plan_credits / nullif(priced.included_credits, 0), 4) AS plan_utilization,
  round(priced.monthly_price_usd, 2) AS subscription_usd,
  round(priced.overage_usd, 2) AS overage_usd,
  -- Sum of the rounded parts, so the columns add up to the cent. A tier missing from the config
  -- (subscription_usd NULL) still counts the overage and the priced profiles' subscriptions.
  round(round(priced.priced_subscriptions_usd, 2) + round(priced.overage_usd, 2), 2) AS total_usd,
  priced.team
FROM teamed AS priced
LEFT JOIN person_directory AS names
  ON names.userid = priced.userid
WHERE priced.lookup_pick = 1
