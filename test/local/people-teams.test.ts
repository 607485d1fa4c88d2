/** `npm run people -- teams | seats | never-active` (issue 13): the answers from the view rows. */
import { describe, expect, it } from 'vitest';
import { parsePeopleArgs } from '../../local/people/args.js';
import { rankedAnswer, viewsFor } from '../../local/people/reports.js';

const teams = [
  { month: '2026-06-01', team: 'Platform', people: '1', active_people: '1', plan_credits_used: '1010', overage_credits_used: '100', subscription_usd: '20', overage_usd: '4', total_usd: '24' },
  { month: '2026-07-01', team: 'Data', people: '2', active_people: '2', plan_credits_used: '2600', overage_credits_used: '300', subscription_usd: '80', overage_usd: '12', total_usd: '92' },
  { month: '2026-07-01', team: 'unassigned', people: '2', active_people: '1', plan_credits_used: '1200', overage_credits_used: '1500', subscription_usd: '220', overage_usd: '60', total_usd: '280' },
];
const seats = [
  { month: '2026-06-01', licensed_seats: '3', used_seats: '2', idle_seats: '0', never_active_seats: '1', idle_seat_usd: '0', never_active_seat_usd: '20' },
  { month: '2026-07-01', licensed_seats: '4', used_seats: '1', idle_seats: '1', never_active_seats: '2', idle_seat_usd: '20', never_active_seat_usd: '220' },
];
const never = [
  { userid: 'u-f', display_name: 'Frank Example', user_name: 'frank', licensed_group: 'kiro-pro', licensed_tier: 'PRO', monthly_seat_usd: '20' },
  { userid: 'u-g', display_name: 'Gail Example', user_name: 'gail', licensed_group: 'kiro-power', licensed_tier: 'POWER', monthly_seat_usd: '200' },
];

describe('npm run people -- teams, seats, never-active', () => {
  it('parses the new questions and reads their views', () => {
    // Act + Assess
    expect(parsePeopleArgs(['teams']).command).toBe('teams');
    expect(parsePeopleArgs(['seats', '--json']).command).toBe('seats');
    expect(viewsFor('teams')).toEqual(['team_monthly_cost']);
    expect(viewsFor('seats')).toEqual(['seat_summary']);
    expect(viewsFor('never-active')).toEqual(['never_active_users']);
  });

  it('shows the newest month by team, dearest first, with the month total', () => {
    // Act
    const answer = rankedAnswer('teams', { team_monthly_cost: teams }, 10);

    // Assess
    expect((answer.rows as { team: string }[]).map((row) => row.team)).toEqual(['unassigned', 'Data']);
    expect(answer.text).toContain('2 teams; the month costs $372.00 so far.');
    expect(answer.text).not.toContain('Platform');
  });

  it('shows the seats newest month first and what reclaiming this month saves', () => {
    // Act
    const answer = rankedAnswer('seats', { seat_summary: seats }, 10);

    // Assess
    expect((answer.rows as { month: string }[]).map((row) => row.month)).toEqual(['2026-07-01', '2026-06-01']);
    expect(answer.text).toContain("Reclaiming this month's idle and never-active seats saves $240.00 a month.");
  });

  it('lists the never-active seat holders, dearest seat first, with the saving', () => {
    // Act
    const answer = rankedAnswer('never-active', { never_active_users: never }, 10);

    // Assess
    expect((answer.rows as { display_name: string }[]).map((row) => row.display_name)).toEqual(['Gail Example', 'Frank Example']);
    expect(answer.text).toContain('2 never active; reclaiming their seats saves $220.00 a month.');
  });
});
