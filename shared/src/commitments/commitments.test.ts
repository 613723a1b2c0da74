import { isOpen } from '../business-time/index.js';
import { GITLAB_POLICY } from '../policy/default-policy.js';
import { EMPTY_SCHEDULE } from '../testing/schedules.js';
import { agentReply, buildComment, buildCommitment, buildPolicy, buildTicket, internalNote } from '../testing/factories.js';
import { commitmentStatus, commitmentStatusWithReply, suggestDueTimes, validateCommitmentDue } from './index.js';

const at = (iso: string) => new Date(iso);
const BH_24X5 = GITLAB_POLICY.schedules.find((s) => s.id === 'business_hours_24x5')!;

// Default commitment: set Mon 2026-11-23 18:00Z (10:00 PST), due 22:00Z (14:00 PST).
describe('commitmentStatus', () => {
  const ticket = buildTicket();

  it('is upcoming three hours ahead, with reminders 60 min before and at the due time', () => {
    const s = commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T19:00:00Z'));
    expect(s).toMatchObject({
      state: 'upcoming',
      minutesLeft: 180,
      metAt: null,
      reminderAt: ['2026-11-23T21:00:00.000Z', '2026-11-23T22:00:00.000Z'],
      explanation: 'Update promised by Mon 14:00 PT — due in 3 h',
    });
  });

  it('is due soon within commitmentDueSoonMinutes (60) and counts wall-clock minutes', () => {
    const s = commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T21:15:00Z'));
    expect([s.state, s.minutesLeft, s.explanation]).toEqual(['due_soon', 45, 'Update promised by Mon 14:00 PT — due in 45 min']);
    // 61 minutes ahead is not yet "due soon"; 30 s ahead rounds up to 1 minute left.
    expect(commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T20:59:00Z')).state).toBe('upcoming');
    expect(commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T21:59:30Z')).minutesLeft).toBe(1);
  });

  it('is overdue from the due instant on', () => {
    const due = commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T22:00:00Z'));
    expect([due.state, due.minutesLeft, due.explanation]).toEqual(['overdue', 0, 'Update promised by Mon 14:00 PT — due now']);
    const late = commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T23:05:00Z'));
    expect([late.state, late.minutesLeft, late.explanation]).toEqual([
      'overdue',
      -65,
      'Update promised by Mon 14:00 PT — overdue by 1 h 5 min',
    ]);
    expect(late.reminderAt).toEqual(['2026-11-23T21:00:00.000Z', '2026-11-23T22:00:00.000Z']);
  });

  it('is met by the first public agent reply after it was set', () => {
    const replied = buildTicket({ comments: [buildComment(), agentReply('2026-11-23T21:30:00Z'), agentReply('2026-11-23T21:50:00Z')] });
    const s = commitmentStatus(buildCommitment(), replied, GITLAB_POLICY, at('2026-11-23T23:00:00Z'));
    expect(s).toMatchObject({
      state: 'met',
      metAt: '2026-11-23T21:30:00Z',
      reminderAt: [],
      explanation: 'Update promised by Mon 14:00 PT — met by the public reply at Mon 13:30 PT',
    });
  });

  it('says how late a late reply was', () => {
    const replied = buildTicket({ comments: [buildComment(), agentReply('2026-11-23T22:12:00Z')] });
    const s = commitmentStatus(buildCommitment(), replied, GITLAB_POLICY, at('2026-11-23T23:00:00Z'));
    expect([s.state, s.explanation]).toEqual([
      'met',
      'Update promised by Mon 14:00 PT — met by the public reply at Mon 14:12 PT, 12 min late',
    ]);
  });

  it('is not met by an internal note, a bot or system comment, a customer comment, or a reply before it was set', () => {
    const noisy = buildTicket({
      comments: [
        buildComment(),
        agentReply('2026-11-23T17:30:00Z'), // before the commitment was made
        internalNote('2026-11-23T21:30:00Z'),
        buildComment({ authorRole: 'bot', authorId: 7, createdAt: '2026-11-23T21:35:00Z' }),
        buildComment({ authorRole: 'system', authorId: undefined, createdAt: '2026-11-23T21:36:00Z' }),
        buildComment({ createdAt: '2026-11-23T21:40:00Z' }),
      ],
    });
    const s = commitmentStatus(buildCommitment(), noisy, GITLAB_POLICY, at('2026-11-23T21:45:00Z'));
    expect([s.state, s.metAt, s.minutesLeft]).toEqual(['due_soon', null, 15]);
  });

  it('counts a reply at the very instant the commitment was set, but not one after `now`', () => {
    const same = buildTicket({ comments: [buildComment(), agentReply('2026-11-23T18:00:00Z')] });
    expect(commitmentStatus(buildCommitment(), same, GITLAB_POLICY, at('2026-11-23T19:00:00Z')).state).toBe('met');
    const future = buildTicket({ comments: [buildComment(), agentReply('2026-11-23T20:00:00Z')] });
    expect(commitmentStatus(buildCommitment(), future, GITLAB_POLICY, at('2026-11-23T19:00:00Z')).state).toBe('upcoming');
  });

  it('is cancelled when cancelledAt is set, even when overdue', () => {
    const c = buildCommitment({ cancelledAt: '2026-11-23T19:00:00Z' });
    const s = commitmentStatus(c, ticket, GITLAB_POLICY, at('2026-11-24T00:00:00Z'));
    expect([s.state, s.reminderAt, s.explanation]).toEqual(['cancelled', [], 'Update promised by Mon 14:00 PT — cancelled']);
  });

  it('writes the explanation in the agent zone when given (SLA-EDGE-CASES #17)', () => {
    const s = commitmentStatus(buildCommitment(), ticket, GITLAB_POLICY, at('2026-11-23T19:00:00Z'), { timeZone: 'Europe/Berlin' });
    expect(s.explanation).toBe('Update promised by Mon 23:00 CET — due in 3 h');
  });

  it('keeps wall-clock reminders on a Saturday promise although 24x5 is closed (SLA-EDGE-CASES B1#3)', () => {
    // Promised Friday 15:00 PT for Saturday 10:00 PT; the agent chose a weekend time, so the reminders are not
    // deferred to Sunday's 15:00 opening (that would remind after the promise was broken).
    const c = buildCommitment({ createdAt: '2026-11-27T23:00:00Z', dueAt: '2026-11-28T18:00:00Z' });
    const s = commitmentStatus(c, ticket, GITLAB_POLICY, at('2026-11-28T16:30:00Z'));
    expect([s.state, s.minutesLeft, s.explanation]).toEqual(['upcoming', 90, 'Update promised by Sat 10:00 PT — due in 1 h 30 min']);
    expect(s.reminderAt).toEqual(['2026-11-28T17:00:00.000Z', '2026-11-28T18:00:00.000Z']);
    expect(s.reminderAt.some((r) => isOpen(BH_24X5, at(r)))).toBe(false);
  });

  it('follows the policy reminder offsets and due-soon window', () => {
    const policy = buildPolicy({
      warnings: { ...GITLAB_POLICY.warnings, commitmentDueSoonMinutes: 30, commitmentReminderMinutes: [0, 120, 15, 0] },
    });
    const s = commitmentStatus(buildCommitment(), ticket, policy, at('2026-11-23T21:15:00Z'));
    expect(s.state).toBe('upcoming');
    expect(s.reminderAt).toEqual(['2026-11-23T20:00:00.000Z', '2026-11-23T21:45:00.000Z', '2026-11-23T22:00:00.000Z']);
  });
});

describe('commitmentStatusWithReply', () => {
  it('is met by a reply instant known without the ticket (e.g. from the webhook), late or not', () => {
    const onTime = commitmentStatusWithReply(buildCommitment(), '2026-11-23T21:30:00Z', GITLAB_POLICY, at('2026-11-23T23:00:00Z'));
    expect([onTime.state, onTime.metAt, onTime.reminderAt, onTime.explanation]).toEqual([
      'met',
      '2026-11-23T21:30:00Z',
      [],
      'Update promised by Mon 14:00 PT — met by the public reply at Mon 13:30 PT',
    ]);
    const late = commitmentStatusWithReply(buildCommitment(), '2026-11-23T22:12:00Z', GITLAB_POLICY, at('2026-11-23T23:00:00Z'));
    expect(late.explanation).toBe('Update promised by Mon 14:00 PT — met by the public reply at Mon 14:12 PT, 12 min late');
  });

  it('without a reply is overdue, or cancelled when cancelledAt is set, as commitmentStatus', () => {
    const overdue = commitmentStatusWithReply(buildCommitment(), null, GITLAB_POLICY, at('2026-11-23T23:05:00Z'));
    expect([overdue.state, overdue.minutesLeft, overdue.explanation]).toEqual([
      'overdue',
      -65,
      'Update promised by Mon 14:00 PT — overdue by 1 h 5 min',
    ]);
    const cancelled = buildCommitment({ cancelledAt: '2026-11-23T20:00:00Z' });
    expect(commitmentStatusWithReply(cancelled, '2026-11-23T21:30:00Z', GITLAB_POLICY, at('2026-11-23T23:00:00Z')).state).toBe('cancelled');
  });
});

describe('suggestDueTimes', () => {
  const picks = (now: string, zone: string, schedule = BH_24X5) =>
    suggestDueTimes(schedule, at(now), zone).map((s) => [s.id, s.dueAt.toISOString(), s.label, s.outsideBusinessHours]);

  it('a Pacific agent on Monday 09:00 PT', () => {
    expect(picks('2026-11-23T17:00:00Z', 'America/Los_Angeles')).toEqual([
      ['plus_4_business_hours', '2026-11-23T21:00:00.000Z', '+4 business hours (Mon 13:00 PT)', false],
      ['end_of_my_day', '2026-11-24T01:00:00.000Z', 'End of my day (Mon 17:00 PT)', false],
      ['next_business_morning', '2026-11-24T17:00:00.000Z', 'Next business morning (Tue 09:00 PT)', false],
      ['plus_1_business_day', '2026-11-24T17:00:00.000Z', '+1 business day = 24 business hours (Tue 09:00 PT)', false],
    ]);
  });

  it('moves "end of my day" to tomorrow once it is past 17:00 agent-local', () => {
    const eod = suggestDueTimes(BH_24X5, at('2026-11-24T01:30:00Z'), 'America/Los_Angeles').find((s) => s.id === 'end_of_my_day');
    expect(eod?.dueAt.toISOString()).toBe('2026-11-25T01:00:00.000Z'); // Tue 17:00 PST
  });

  it('a Berlin agent on the Pacific 24x5 schedule on Friday 15:00 CET (SLA-EDGE-CASES #17)', () => {
    // 14:00Z = Fri 06:00 PST; 24x5 closes Fri 17:00 PST (Sat 02:00 CET) and reopens Sun 15:00 PST (Mon 00:00 CET).
    expect(picks('2026-11-27T14:00:00Z', 'Europe/Berlin')).toEqual([
      ['end_of_my_day', '2026-11-27T16:00:00.000Z', 'End of my day (Fri 17:00 CET)', false],
      ['plus_4_business_hours', '2026-11-27T18:00:00.000Z', '+4 business hours (Fri 19:00 CET)', false],
      // Sat and Sun 09:00 CET are Sat/Sun 00:00 PST (closed); Mon 09:00 CET is Mon 00:00 PST (open).
      ['next_business_morning', '2026-11-30T08:00:00.000Z', 'Next business morning (Mon 09:00 CET)', false],
      // 660 min on Friday (06:00–17:00 PST) + 540 on Sunday (15:00–24:00) + 240 → Mon 04:00 PST.
      ['plus_1_business_day', '2026-11-30T12:00:00.000Z', '+1 business day = 24 business hours (Mon 13:00 CET)', false],
    ]);
  });

  it('a Pacific agent on Saturday: business picks wait for Sunday 15:00 PT, end of day is flagged', () => {
    expect(picks('2026-11-28T18:00:00Z', 'America/Los_Angeles')).toEqual([
      ['end_of_my_day', '2026-11-29T01:00:00.000Z', 'End of my day (Sat 17:00 PT) — outside business hours', true],
      ['plus_4_business_hours', '2026-11-30T03:00:00.000Z', '+4 business hours (Sun 19:00 PT)', false],
      ['next_business_morning', '2026-11-30T17:00:00.000Z', 'Next business morning (Mon 09:00 PT)', false],
      ['plus_1_business_day', '2026-11-30T23:00:00.000Z', '+1 business day = 24 business hours (Mon 15:00 PT)', false],
    ]);
  });

  it('an agent whose 09:00 is never open on the schedule gets the schedule opening instead', () => {
    // 09:00 Brisbane (UTC+10) is 00:00 Amsterdam (CET), when EMEA (08:00–18:00) is always closed. From Mon 15:00
    // Brisbane the fallback is EMEA's next opening after tomorrow 09:00 Brisbane (Mon 23:00Z): Tue 08:00 CET = 07:00Z.
    const emea = GITLAB_POLICY.schedules.find((s) => s.id === 'emea')!;
    const morning = suggestDueTimes(emea, at('2026-11-23T05:00:00Z'), 'Australia/Brisbane').find((s) => s.id === 'next_business_morning');
    expect(morning?.dueAt.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(morning?.label).toBe('Next business morning (Tue 17:00 GMT+10)');
  });

  it('a due time at a closing is the last instant of business time, not outside it (AMER 05:00–17:00, 24x5 Friday)', () => {
    // The update is sent before the promise falls due, so "by 17:00" on a schedule that closes at 17:00 is kept on
    // shift: the end-of-day pick was flagged outside business hours on every AMER weekday and on Fridays on 24x5.
    const amer = GITLAB_POLICY.schedules.find((s) => s.id === 'amer')!;
    expect(picks('2026-11-24T18:00:00Z', 'America/Los_Angeles', amer)).toContainEqual([
      'end_of_my_day',
      '2026-11-25T01:00:00.000Z',
      'End of my day (Tue 17:00 PT)',
      false,
    ]);
    expect(picks('2026-11-27T18:00:00Z', 'America/Los_Angeles')).toContainEqual([
      'end_of_my_day',
      '2026-11-28T01:00:00.000Z',
      'End of my day (Fri 17:00 PT)',
      false,
    ]);
  });

  it('keeps only the agent-local pick on a schedule with no open time', () => {
    const s = suggestDueTimes(EMPTY_SCHEDULE, at('2026-11-23T17:00:00Z'), 'America/Los_Angeles');
    expect(s.map((x) => [x.id, x.outsideBusinessHours])).toEqual([['end_of_my_day', true]]);
  });
});

describe('validateCommitmentDue', () => {
  const now = at('2026-11-23T17:00:00Z'); // Mon 09:00 PST

  it('accepts a due time in business hours within 30 days', () => {
    expect(validateCommitmentDue(at('2026-11-24T18:00:00Z'), now, GITLAB_POLICY)).toEqual([]);
    expect(validateCommitmentDue(at('2026-12-23T17:00:00Z'), now, GITLAB_POLICY)).toEqual([]); // exactly 30 days
  });

  it('refuses a due time in the past or now', () => {
    const past = [{ code: 'due.in_past', severity: 'error', message: 'due time is in the past' }];
    expect(validateCommitmentDue(at('2026-11-23T16:59:00Z'), now, GITLAB_POLICY)).toEqual(past);
    expect(validateCommitmentDue(now, now, GITLAB_POLICY)).toEqual(past);
  });

  it('refuses a due time more than 30 days ahead', () => {
    expect(validateCommitmentDue(at('2026-12-23T17:01:00Z'), now, GITLAB_POLICY)).toEqual([
      {
        code: 'due.too_far',
        severity: 'error',
        message: 'due time is more than 30 days ahead; agree a nearer update and set a new one then',
      },
    ]);
  });

  it('warns about a due time outside business hours, in the schedule zone or the given one', () => {
    expect(validateCommitmentDue(at('2026-11-28T18:00:00Z'), now, GITLAB_POLICY)).toEqual([
      { code: 'due.outside_business_hours', severity: 'warning', message: 'due time Sat 10:00 PT is outside business hours' },
    ]);
    const emea = GITLAB_POLICY.schedules.find((s) => s.id === 'emea')!;
    // Tue 07:30 CET: before EMEA opens at 08:00.
    expect(validateCommitmentDue(at('2026-11-24T06:30:00Z'), now, GITLAB_POLICY, { schedule: emea })[0]?.message).toBe(
      'due time Tue 07:30 CET is outside business hours',
    );
  });

  it('does not warn about a due time exactly at a closing: "+4 business hours" from Fri 13:00 PT is Fri 17:00 PT', () => {
    const friday = at('2026-11-27T21:00:00Z'); // Fri 13:00 PST
    const plus4 = suggestDueTimes(BH_24X5, friday, 'America/Los_Angeles').find((s) => s.id === 'plus_4_business_hours');
    expect(plus4?.dueAt.toISOString()).toBe('2026-11-28T01:00:00.000Z');
    expect(validateCommitmentDue(plus4!.dueAt, friday, GITLAB_POLICY)).toEqual([]);
    // A minute later the schedule has closed: that one is outside business hours.
    expect(validateCommitmentDue(at('2026-11-28T01:01:00Z'), friday, GITLAB_POLICY).map((p) => p.code)).toEqual([
      'due.outside_business_hours',
    ]);
  });

  it('refuses an invalid date', () => {
    expect(validateCommitmentDue(new Date('nope'), now, GITLAB_POLICY)).toEqual([
      { code: 'due.invalid', severity: 'error', message: 'due time is not a valid date' },
    ]);
  });
});
