-- team_seats: seat_summary's seats by team, one row per calendar month and team with seat
-- holders, by the seat rules of seat_holder_months (the snapshot in force on the month's
-- reference day; idle and never-active as seat_summary counts them). A holder's team: the one
-- user_monthly_cost gives them that month (as team_monthly_cost assigns it) when they have report
-- rows that month; else the team on their line of that snapshot (teams from groups), else their
-- team now (user_directory); else 'unassigned'. A month's team rows add up to its seat_summary row.
-- The _usd columns: the list price of each seat's licensed tier, what reclaiming them saves a month.
CREATE OR REPLACE VIEW team_seats AS
SELECT
  holders.month,
  coalesce(cost.team, holders.snapshot_team, directory.team, 'unassigned') AS team,
  count(*) AS licensed_seats,
  sum(holders.idle) AS idle_seats,
  sum(holders.never_active) AS never_active_seats,
  round(coalesce(sum(CASE WHEN holders.idle = 1 THEN holders.monthly_price_usd END), 0), 2) AS idle_seat_usd,
  round(coalesce(sum(CASE WHEN holders.never_active = 1 THEN holders.monthly_price_usd END), 0), 2) AS never_active_seat_usd
FROM seat_holder_months AS holders
LEFT JOIN user_monthly_cost AS cost
  ON cost.month = holders.month
  AND cost.userid = holders.userid
LEFT JOIN user_directory AS directory
  ON directory.userid = holders.userid
GROUP BY holders.month, coalesce(cost.team, holders.snapshot_team, directory.team, 'unassigned')
