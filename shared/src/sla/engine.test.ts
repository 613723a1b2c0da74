import { slaStatuses } from './engine.js';
import { change, highTicket, pickStatus as pick, pt, ptIso, say, slaTestPolicy, slaTicket, TUE_0900 } from '../testing/sla-policy.js';

// Every date below is in November/December 2026: Pacific Standard Time, UTC−8 (DST ended 1 Nov 2026).
// GitLab's 24x5 is open Sun 15:00 → Fri 17:00 PT, so Mon–Thu are open around the clock: midweek business
// minutes equal wall-clock minutes, which keeps hand-checking simple.
const policy = slaTestPolicy();

describe('first reply time basics', () => {
  it('runs from creation on the target schedule, with numbers and a one-line explanation', () => {
    const [frt, nrt, ...rest] = slaStatuses(highTicket(), policy, pt('2026-12-01 10:30'));
    expect(rest).toEqual([]);
    expect(frt).toMatchObject({
      metric: 'first_reply_time',
      state: 'active',
      startedAt: ptIso(TUE_0900),
      engineDueAt: ptIso('2026-12-01 13:00'),
      dueAt: ptIso('2026-12-01 13:00'),
      zendeskBreachAt: null,
      businessMinutesElapsed: 90,
      businessMinutesLeft: 150,
      target: { plan: 'priority', priority: 'high', minutes: 240, schedule: 'gitlab-24x5', scheduleName: 'Business Hours (24x5)' },
      explanation:
        'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock started Tue 1 Dec 09:00 PT; due Tue 1 Dec 13:00 PT',
    });
    expect(nrt?.state).toBe('none');
  });

  it('golden: Fri 16:10 PT high ticket on 24x5 is due Sun 18:10 PT (50 min Friday + 190 min from Sunday 15:00)', () => {
    const frt = pick(slaStatuses(slaTicket({ priority: 'high' }), policy, pt('2026-11-27 16:30')), 'first_reply_time');
    expect(frt.dueAt).toBe(ptIso('2026-11-29 18:10'));
    expect(frt.explanation).toBe(
      'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock started Fri 27 Nov 16:10 PT; due Sun 29 Nov 18:10 PT',
    );
    // Over the weekend nothing elapses: Saturday noon still shows 50 business minutes used.
    const saturday = pick(slaStatuses(slaTicket({ priority: 'high' }), policy, pt('2026-11-28 12:00')), 'first_reply_time');
    expect(saturday.businessMinutesElapsed).toBe(50);
    expect(saturday.businessMinutesLeft).toBe(190);
  });

  it('warning: deadline at most warningWindowMinutes (120) wall-clock minutes away; breached at the deadline', () => {
    const at = (local: string) => pick(slaStatuses(highTicket(), policy, pt(local)), 'first_reply_time').state;
    expect(at('2026-12-01 10:59')).toBe('active');
    expect(at('2026-12-01 11:00')).toBe('warning');
    expect(at('2026-12-01 12:59')).toBe('warning');
    expect(at('2026-12-01 13:00')).toBe('breached');
    const late = pick(slaStatuses(highTicket(), policy, pt('2026-12-01 13:45')), 'first_reply_time');
    expect(late.businessMinutesLeft).toBe(-45);
    expect(late.explanation).toContain('was due Tue 1 Dec 13:00 PT: breached');
  });

  it('reminders: 50 % and 75 % of the target in business time, 15 min before, and the breach', () => {
    const frt = pick(slaStatuses(slaTicket({ priority: 'high' }), policy, pt('2026-11-27 16:30')), 'first_reply_time');
    // 50 % = 120 business min: 50 on Friday, 70 from Sunday 15:00 → Sun 16:10 (never in the closed weekend).
    expect(frt.reminderAt).toEqual([
      { at: ptIso('2026-11-29 16:10'), label: '50% of first reply time elapsed' },
      { at: ptIso('2026-11-29 17:10'), label: '75% of first reply time elapsed' },
      { at: ptIso('2026-11-29 17:55'), label: '15 min to breach' },
      { at: ptIso('2026-11-29 18:10'), label: 'breached' },
    ]);
  });
});

describe('B6 what starts or stops the clock', () => {
  it('#45 the first public agent reply fulfils first reply time immediately', () => {
    const ticket = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 10:00')), 'first_reply_time');
    expect(frt).toMatchObject({ state: 'achieved', fulfilledAt: ptIso('2026-12-01 10:00'), businessMinutesElapsed: 60, businessMinutesLeft: 180 });
    expect(frt.explanation).toContain('fulfilled Tue 1 Dec 10:00 PT: on time (due Tue 1 Dec 13:00 PT)');
    expect(frt.reminderAt).toEqual([]);
  });

  it('#46 bot and system public comments and internal agent notes never fulfil', () => {
    const ticket = highTicket({
      comments: [
        say('end-user', TUE_0900),
        say('bot', '2026-12-01 09:05'),
        say('system', '2026-12-01 09:06'),
        say('agent', '2026-12-01 09:10', { public: false }),
      ],
    });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 10:00')), 'first_reply_time');
    expect(frt).toMatchObject({ state: 'active', fulfilledAt: null, dueAt: ptIso('2026-12-01 13:00') });
  });

  it('#48 the same comment internal vs public re-evaluates: only the public one fulfils', () => {
    const withReply = (isPublic: boolean) =>
      highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 12:00', { public: isPublic })] });
    expect(pick(slaStatuses(withReply(false), policy, pt('2026-12-01 12:00')), 'first_reply_time').state).toBe('warning');
    expect(pick(slaStatuses(withReply(true), policy, pt('2026-12-01 12:00')), 'first_reply_time').state).toBe('achieved');
  });

  it('#49 a late first reply is achieved late, not hidden', () => {
    const ticket = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 14:00')] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 15:00')), 'first_reply_time');
    expect(frt).toMatchObject({ state: 'achieved', fulfilledAt: ptIso('2026-12-01 14:00'), businessMinutesLeft: -60 });
    expect(frt.explanation).toContain('fulfilled Tue 1 Dec 14:00 PT: achieved late, 1 h of business time after the deadline Tue 1 Dec 13:00 PT');
  });

  it('#50 agent-created ticket: the creating comment is not a reply; the next public agent comment is', () => {
    const base = {
      submitter: { id: 5, role: 'agent' as const },
      comments: [say('agent', TUE_0900, { authorId: 5 })],
    };
    const open = pick(slaStatuses(highTicket(base), policy, pt('2026-12-01 09:30')), 'first_reply_time');
    expect(open).toMatchObject({ state: 'active', fulfilledAt: null });
    const replied = highTicket({ ...base, comments: [...base.comments, say('agent', '2026-12-01 11:00', { authorId: 5 })] });
    expect(pick(slaStatuses(replied, policy, pt('2026-12-01 11:30')), 'first_reply_time')).toMatchObject({
      state: 'achieved',
      fulfilledAt: ptIso('2026-12-01 11:00'),
    });
  });

  it('#50 agent-created ticket whose creating comment is an internal note: a public reply within the same minute is the first reply', () => {
    // A phone call logged as an internal note, then the answer to the customer 40 s later: only the creating comment
    // is skipped, and here it is the note, so the public reply counts (it was taken for the creating comment before).
    const ticket = highTicket({
      submitter: { id: 5, role: 'agent' },
      comments: [
        say('agent', TUE_0900, { authorId: 5, public: false }),
        { public: true, authorRole: 'agent', authorId: 5, createdAt: '2026-12-01T17:00:40Z' },
      ],
    });
    expect(pick(slaStatuses(ticket, policy, pt('2026-12-01 14:00')), 'first_reply_time')).toMatchObject({
      state: 'achieved',
      fulfilledAt: '2026-12-01T17:00:40.000Z',
    });
  });

  it('#47 several customer messages before the reply: FRT from creation, NRT from the oldest unanswered message', () => {
    const ticket = highTicket({
      comments: [
        say('end-user', TUE_0900),
        say('end-user', '2026-12-01 09:20'),
        say('end-user', '2026-12-01 09:40'),
        say('agent', '2026-12-01 10:00'),
        say('end-user', '2026-12-01 11:00'),
        say('end-user', '2026-12-01 11:30'),
      ],
    });
    const statuses = slaStatuses(ticket, policy, pt('2026-12-01 12:00'));
    expect(pick(statuses, 'first_reply_time')).toMatchObject({ state: 'achieved', startedAt: ptIso(TUE_0900), fulfilledAt: ptIso('2026-12-01 10:00') });
    expect(pick(statuses, 'next_reply_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-01 11:00'),
      dueAt: ptIso('2026-12-01 15:00'),
      businessMinutesElapsed: 60,
    });
  });

  it('`only` answers the one metric exactly as the full answer has it (what-if previews read one metric)', () => {
    const ticket = highTicket({
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')],
    });
    const now = pt('2026-12-01 12:00');
    const all = slaStatuses(ticket, policy, now);
    expect(all.map((s) => s.metric)).toEqual(['first_reply_time', 'next_reply_time']);
    for (const metric of ['first_reply_time', 'next_reply_time'] as const) {
      expect(slaStatuses(ticket, policy, now, undefined, metric)).toEqual([pick(all, metric)]);
    }
    // A metric without a target on this plan and priority has no status, as in the full answer.
    expect(slaStatuses(ticket, policy, now, undefined, 'periodic_update_time')).toEqual([]);
    // Without an SLA the answer is the same single "none" status, whatever was asked.
    const orgless = highTicket({ organization: null });
    expect(slaStatuses(orgless, policy, now, undefined, 'next_reply_time')).toEqual(slaStatuses(orgless, policy, now));
  });

  it('#43 next reply runs only while the customer spoke last', () => {
    const answered = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')] });
    expect(pick(slaStatuses(answered, policy, pt('2026-12-01 11:00')), 'next_reply_time')).toMatchObject({
      state: 'none',
      explanation: 'No next-reply clock: the agent spoke last',
    });
    const cycle = highTicket({
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00'), say('agent', '2026-12-01 12:00')],
    });
    // The agent answered again: no running clock, the finished cycle is reported as achieved.
    expect(pick(slaStatuses(cycle, policy, pt('2026-12-01 13:00')), 'next_reply_time')).toMatchObject({
      state: 'achieved',
      startedAt: ptIso('2026-12-01 11:00'),
      fulfilledAt: ptIso('2026-12-01 12:00'),
      reminderAt: [],
    });
  });

  it('#44 before the first reply only FRT applies, even when the NRT target is shorter', () => {
    const p = slaTestPolicy({
      slaTargets: [
        { plan: 'priority', priority: 'normal', metric: 'first_reply_time', minutes: 480, schedule: 'gitlab-24x5', source: 'https://x.test' },
        { plan: 'priority', priority: 'normal', metric: 'next_reply_time', minutes: 60, schedule: 'gitlab-24x5', source: 'https://x.test' },
      ],
    });
    const statuses = slaStatuses(highTicket({ priority: 'normal', comments: [say('end-user', TUE_0900), say('end-user', '2026-12-01 09:30')] }), p, pt('2026-12-01 11:00'));
    expect(pick(statuses, 'first_reply_time')).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 17:00') });
    expect(pick(statuses, 'next_reply_time')).toMatchObject({
      state: 'none',
      dueAt: null,
      explanation: 'Starts after the first public agent reply; until then only first reply time applies',
    });
  });

  it('#51 solved without a reply: next reply is not achieved; first reply not achieved either', () => {
    const nrtOpen = highTicket({
      status: 'solved',
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')],
    });
    expect(pick(slaStatuses(nrtOpen, policy, pt('2026-12-01 12:00')), 'next_reply_time')).toMatchObject({
      state: 'none',
      explanation:
        "No running clock: the ticket is solved without a reply to the customer's comment of Tue 1 Dec 11:00 PT, so next reply time was not achieved",
    });
    const frtOpen = highTicket({ status: 'solved' });
    expect(pick(slaStatuses(frtOpen, policy, pt('2026-12-01 12:00')), 'first_reply_time')).toMatchObject({
      state: 'none',
      explanation: 'No running clock: the ticket is solved without a public agent reply, so first reply time was not achieved',
    });
  });

  it('#51 created and answered off-hours (Saturday) counts 0 business minutes', () => {
    const ticket = highTicket({ createdAt: ptIso('2026-12-05 10:00'), comments: [say('end-user', '2026-12-05 10:00'), say('agent', '2026-12-05 11:00')] });
    expect(pick(slaStatuses(ticket, policy, pt('2026-12-05 12:00')), 'first_reply_time')).toMatchObject({
      state: 'achieved',
      businessMinutesElapsed: 0,
      // Due Sunday 19:00 PT (Sunday 15:00 opening + 4 h); answered Saturday with all 240 minutes to spare.
      dueAt: ptIso('2026-12-06 19:00'),
      businessMinutesLeft: 240,
    });
  });

  it('#52 no SLA: one first_reply_time status in state none saying why, nothing throws', () => {
    const now = pt('2026-12-01 10:00');
    expect(slaStatuses(highTicket({ organization: null }), policy, now)).toEqual([
      expect.objectContaining({ metric: 'first_reply_time', state: 'none', dueAt: null, explanation: 'No SLA: requester has no organization' }),
    ]);
    const trial = highTicket({ organization: { id: 3, name: 'Trial Inc', tags: ['trial'] } });
    expect(slaStatuses(trial, policy, now)[0]?.explanation).toBe(
      'No SLA: no plan rule matches organization Trial Inc → Free (default plan)',
    );
    expect(slaStatuses(highTicket({ priority: null }), policy, now)[0]?.explanation).toBe('No SLA: the ticket has no priority (Priority Support)');
    const standardLow = highTicket({ priority: 'low', organization: { id: 4, name: 'Small Co', tags: [], fields: { plan: 'starter' } } });
    expect(slaStatuses(standardLow, policy, now)).toEqual([
      expect.objectContaining({ state: 'none', explanation: 'No SLA: Standard has no target for low priority' }),
    ]);
    // A first reply on a ticket without an SLA must not crash either (the frappe bug).
    const answered = highTicket({ organization: null, comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 09:30')] });
    expect(slaStatuses(answered, policy, now)[0]?.state).toBe('none');
  });
});

describe('B4 pause and resume (policy pauses FRT on pending/hold, periodic update on pending)', () => {
  const pausing = slaTestPolicy({ clock: { pauseOn: { first_reply_time: ['pending', 'hold'] } } });

  it('#23 pause → priority bump while paused → resume keeps the elapsed time before the pause', () => {
    const ticket = highTicket({
      priority: 'normal',
      status: 'open',
      changes: [
        change('status', '2026-12-01 10:00', 'open', 'pending'),
        change('priority', '2026-12-01 11:00', 'high', 'normal'),
        change('status', '2026-12-01 12:00', 'pending', 'open'),
      ],
    });
    const frt = pick(slaStatuses(ticket, pausing, pt('2026-12-01 12:30')), 'first_reply_time');
    // 60 min before the pause + 30 after it; normal is 8 h → due 12:00 + (480 − 60) = 19:00.
    expect(frt).toMatchObject({ state: 'active', businessMinutesElapsed: 90, dueAt: ptIso('2026-12-01 19:00'), startedAt: ptIso(TUE_0900) });
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 11:00'),
        from: ptIso('2026-12-01 15:00'),
        to: ptIso('2026-12-01 19:00'),
        reason:
          'Priority high → normal at Tue 1 Dec 11:00 PT: target 4 h → 8 h (recomputed from the clock start, elapsed time kept); due moved from Tue 1 Dec 15:00 PT to Tue 1 Dec 19:00 PT',
      },
    ]);
  });

  it('#23/#32 while paused: state paused, no deadline, no reminders; they come back rescheduled on resume', () => {
    const paused = highTicket({ status: 'pending', changes: [change('status', '2026-12-01 10:00', 'open', 'pending')] });
    const frt = pick(slaStatuses(paused, pausing, pt('2026-12-01 11:00')), 'first_reply_time');
    expect(frt).toMatchObject({
      state: 'paused',
      pausedSince: ptIso('2026-12-01 10:00'),
      dueAt: null,
      businessMinutesElapsed: 60,
      businessMinutesLeft: 180,
      reminderAt: [],
    });
    expect(frt.explanation).toContain('paused since Tue 1 Dec 10:00 PT (status pending); 3 h left when it resumes');
    const resumed = highTicket({
      changes: [change('status', '2026-12-01 10:00', 'open', 'pending'), change('status', '2026-12-01 11:00', 'pending', 'open')],
    });
    const after = pick(slaStatuses(resumed, pausing, pt('2026-12-01 11:00')), 'first_reply_time');
    expect(after.dueAt).toBe(ptIso('2026-12-01 14:00'));
    // 50 % = 120 min: 60 before the pause, 60 more after the 11:00 resume → 12:00; 75 % → 13:00.
    expect(after.reminderAt.map((r) => r.at)).toEqual([
      ptIso('2026-12-01 12:00'),
      ptIso('2026-12-01 13:00'),
      ptIso('2026-12-01 13:45'),
      ptIso('2026-12-01 14:00'),
    ]);
  });

  it('#24 two business hours in Pending move a pausable periodic-update deadline by two business hours', () => {
    const p = slaTestPolicy({
      clock: { pauseOn: { periodic_update_time: ['pending'] } },
      slaTargets: [
        { plan: 'priority', priority: 'high', metric: 'first_reply_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
        { plan: 'priority', priority: 'high', metric: 'periodic_update_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
      ],
    });
    const comments = [say('end-user', '2026-12-01 08:00'), say('agent', TUE_0900)];
    const plain = highTicket({ createdAt: ptIso('2026-12-01 08:00'), comments });
    expect(pick(slaStatuses(plain, p, pt('2026-12-01 12:30')), 'periodic_update_time').dueAt).toBe(ptIso('2026-12-01 13:00'));
    const withPending = highTicket({
      createdAt: ptIso('2026-12-01 08:00'),
      comments,
      changes: [change('status', '2026-12-01 10:00', 'open', 'pending'), change('status', '2026-12-01 12:00', 'pending', 'open')],
    });
    const pu = pick(slaStatuses(withPending, p, pt('2026-12-01 12:30')), 'periodic_update_time');
    expect(pu).toMatchObject({ state: 'active', startedAt: ptIso(TUE_0900), dueAt: ptIso('2026-12-01 15:00'), businessMinutesElapsed: 90 });
  });

  it('#25 Pending → On-hold → Open: one pause, no restart, no double count; NRT (not pausing) is unaffected', () => {
    const ticket = highTicket({
      changes: [
        change('status', '2026-12-01 10:00', 'open', 'pending'),
        change('status', '2026-12-01 10:30', 'pending', 'hold'),
        change('status', '2026-12-01 11:00', 'hold', 'open'),
      ],
    });
    const frt = pick(slaStatuses(ticket, pausing, pt('2026-12-01 12:00')), 'first_reply_time');
    // Due 14:00 is exactly 120 wall-clock minutes away: inside the warning window.
    expect(frt).toMatchObject({ state: 'warning', businessMinutesElapsed: 120, dueAt: ptIso('2026-12-01 14:00'), startedAt: ptIso(TUE_0900) });
    expect(pick(slaStatuses(ticket, pausing, pt('2026-12-01 12:00')), 'next_reply_time').state).toBe('none');
  });

  it('a budget used up exactly when a second pause starts is breached at that instant, whatever the seconds', () => {
    // 09:00:00 → 09:16:01 runs 16 min 1 s, then pending until 10:00; 3 h 43 min 59 s more → 13:43:59 uses up the 4 h
    // exactly when the ticket goes pending again. Summing fractional minutes lost the last bit here (240 − 16.0166…
    // came out above 223.9833…), so the deadline slid past the pause: "paused, 0 min left" instead of breached.
    const ticket = highTicket({
      status: 'pending',
      changes: [
        { field: 'status', at: '2026-12-01T17:16:01Z', from: 'open', to: 'pending' },
        { field: 'status', at: '2026-12-01T18:00:00Z', from: 'pending', to: 'open' },
        { field: 'status', at: '2026-12-01T21:43:59Z', from: 'open', to: 'pending' },
      ],
    });
    const frt = pick(slaStatuses(ticket, pausing, pt('2026-12-01 14:00')), 'first_reply_time');
    expect(frt).toMatchObject({ state: 'breached', dueAt: '2026-12-01T21:43:59.000Z', businessMinutesElapsed: 240 });
    // Resumed later: the deadline stays at the instant the budget ran out, not at the resume.
    const resumed = highTicket({
      changes: [...ticket.changes, { field: 'status', at: '2026-12-01T23:00:00Z', from: 'pending', to: 'open' }],
    });
    expect(pick(slaStatuses(resumed, pausing, pt('2026-12-01 15:30')), 'first_reply_time')).toMatchObject({
      state: 'breached',
      dueAt: '2026-12-01T21:43:59.000Z',
    });
  });

  it('#26 created directly in Pending: no running clock until it opens', () => {
    const created = highTicket({ status: 'pending' });
    expect(pick(slaStatuses(created, pausing, pt('2026-12-01 10:30')), 'first_reply_time')).toMatchObject({
      state: 'paused',
      pausedSince: ptIso(TUE_0900),
      businessMinutesElapsed: 0,
      businessMinutesLeft: 240,
    });
    const opened = highTicket({ status: 'open', changes: [change('status', '2026-12-01 11:00', 'pending', 'open')] });
    expect(pick(slaStatuses(opened, pausing, pt('2026-12-01 12:00')), 'first_reply_time')).toMatchObject({
      state: 'active',
      businessMinutesElapsed: 60,
      dueAt: ptIso('2026-12-01 15:00'),
    });
  });

  it('#27 a customer reply on Pending reopens: next reply from that reply', () => {
    const ticket = highTicket({
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')],
      changes: [change('status', '2026-12-01 10:00', 'open', 'pending'), change('status', '2026-12-01 11:00', 'pending', 'open')],
    });
    expect(pick(slaStatuses(ticket, policy, pt('2026-12-01 11:30')), 'next_reply_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-01 11:00'),
      dueAt: ptIso('2026-12-01 15:00'),
      businessMinutesElapsed: 30,
    });
  });

  it('#28 Solved → reply: time solved is not counted; NRT runs from the reply', () => {
    const ticket = highTicket({
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 13:00')],
      changes: [change('status', '2026-12-01 10:30', 'open', 'solved'), change('status', '2026-12-01 13:00', 'solved', 'open')],
    });
    expect(pick(slaStatuses(ticket, policy, pt('2026-12-01 14:00')), 'next_reply_time')).toMatchObject({
      startedAt: ptIso('2026-12-01 13:00'),
      businessMinutesElapsed: 60,
      dueAt: ptIso('2026-12-01 17:00'),
    });
  });

  describe('#28 #53 a customer comment the agent solved without answering', () => {
    // Customer 09:00, agent 10:00, customer 11:00, solved 11:30 without a reply.
    const talk = [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')];
    const solved = change('status', '2026-12-01 11:30', 'open', 'solved');

    it('is not waited on after the reopen: next reply runs from the first customer comment after the solve', () => {
      const ticket = highTicket({
        comments: [...talk, say('end-user', '2026-12-02 10:00')],
        changes: [solved, change('status', '2026-12-02 10:00', 'solved', 'open')],
      });
      const statuses = slaStatuses(ticket, policy, pt('2026-12-02 10:30'));
      expect(pick(statuses, 'next_reply_time')).toMatchObject({
        state: 'active',
        startedAt: ptIso('2026-12-02 10:00'),
        dueAt: ptIso('2026-12-02 14:00'),
        businessMinutesElapsed: 30,
        businessMinutesLeft: 210,
        explanation: 'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock started Wed 2 Dec 10:00 PT; due Wed 2 Dec 14:00 PT',
      });
      // The met first reply stays met.
      expect(pick(statuses)).toMatchObject({ state: 'achieved', fulfilledAt: ptIso('2026-12-01 10:00') });
    });

    it('while solved, no clock runs and the unanswered comment is named', () => {
      const ticket = highTicket({ status: 'solved', comments: talk, changes: [solved] });
      expect(pick(slaStatuses(ticket, policy, pt('2026-12-01 12:00')), 'next_reply_time')).toMatchObject({
        state: 'none',
        dueAt: null,
        explanation:
          "No running clock: the ticket is solved without a reply to the customer's comment of Tue 1 Dec 11:00 PT, so next reply time was not achieved",
      });
    });

    it('reopened without a new customer comment: no clock until the customer writes again', () => {
      const ticket = highTicket({ comments: talk, changes: [solved, change('status', '2026-12-02 09:00', 'solved', 'open')] });
      expect(pick(slaStatuses(ticket, policy, pt('2026-12-02 10:00')), 'next_reply_time')).toMatchObject({
        state: 'none',
        dueAt: null,
        reminderAt: [],
        explanation:
          "No next-reply clock: the ticket was solved Tue 1 Dec 11:30 PT without a reply to the customer's comment of Tue 1 Dec 11:00 PT (next reply time not achieved); it starts again at the customer's next comment",
      });
    });

    it('a comment in the same update as the solve is left unanswered by it; a reply in the same update as the solve answers', () => {
      const withSolve = highTicket({
        comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:30'), say('end-user', '2026-12-02 10:00')],
        changes: [solved, change('status', '2026-12-02 10:00', 'solved', 'open')],
      });
      expect(pick(slaStatuses(withSolve, policy, pt('2026-12-02 10:30')), 'next_reply_time')).toMatchObject({ startedAt: ptIso('2026-12-02 10:00') });
      const answeredAndSolved = highTicket({
        comments: [...talk, say('agent', '2026-12-01 11:30'), say('end-user', '2026-12-02 10:00')],
        changes: [solved, change('status', '2026-12-02 10:00', 'solved', 'open')],
      });
      const nrt = pick(slaStatuses(answeredAndSolved, policy, pt('2026-12-02 10:30')), 'next_reply_time');
      expect(nrt).toMatchObject({ state: 'active', startedAt: ptIso('2026-12-02 10:00'), dueAt: ptIso('2026-12-02 14:00') });
      const answeredOnly = highTicket({ status: 'solved', comments: [...talk, say('agent', '2026-12-01 11:30')], changes: [solved] });
      expect(pick(slaStatuses(answeredOnly, policy, pt('2026-12-01 12:00')), 'next_reply_time')).toMatchObject({
        state: 'achieved',
        startedAt: ptIso('2026-12-01 11:00'),
        fulfilledAt: ptIso('2026-12-01 11:30'),
      });
    });

    it('first reply time is not restarted by a solve: unanswered, it still counts from creation after the reopen', () => {
      const ticket = highTicket({
        comments: [say('end-user', TUE_0900), say('end-user', '2026-12-01 11:00')],
        changes: [change('status', '2026-12-01 09:30', 'new', 'solved'), change('status', '2026-12-01 11:00', 'solved', 'open')],
      });
      const statuses = slaStatuses(ticket, policy, pt('2026-12-01 11:30'));
      expect(pick(statuses)).toMatchObject({ state: 'warning', startedAt: ptIso(TUE_0900), dueAt: ptIso('2026-12-01 13:00'), businessMinutesElapsed: 150 });
      expect(pick(statuses, 'next_reply_time')).toMatchObject({ state: 'none', explanation: 'Starts after the first public agent reply; until then only first reply time applies' });
    });
  });

  it('#30 Pending although the customer replied last: the explanation raises it', () => {
    const ticket = highTicket({
      status: 'pending',
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')],
      changes: [change('status', '2026-12-01 10:00', 'open', 'pending')],
    });
    const nrt = pick(slaStatuses(ticket, policy, pt('2026-12-01 12:00')), 'next_reply_time');
    expect(nrt.state).toBe('active');
    expect(nrt.explanation).toContain('the ticket is pending but the customer replied last (Tue 1 Dec 11:00 PT): check the status');
    // Pending after the agent spoke last is the normal case: no note.
    const normal = highTicket({ status: 'pending', comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')] });
    expect(slaStatuses(normal, policy, pt('2026-12-01 12:00')).map((s) => s.explanation).join(' ')).not.toContain('check the status');
  });

  it('#31 type switched to Task (drops Zendesk’s policy): our deadline survives and says so', () => {
    const frt = pick(slaStatuses(highTicket({ type: 'task' }), policy, pt('2026-12-01 10:00')), 'first_reply_time');
    expect(frt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 13:00') });
    expect(frt.explanation).toContain('type is Task and Zendesk reports no SLA for it: this deadline is our policy model’s only');
  });

  it('#29 closing straight from On-hold still records the last hold interval', () => {
    const p = slaTestPolicy({
      clock: { pauseOn: { periodic_update_time: ['hold'] } },
      slaTargets: [
        { plan: 'priority', priority: 'high', metric: 'first_reply_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
        { plan: 'priority', priority: 'high', metric: 'periodic_update_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
      ],
    });
    const ticket = highTicket({
      status: 'closed',
      createdAt: ptIso('2026-12-01 08:00'),
      comments: [say('end-user', '2026-12-01 08:00'), say('agent', TUE_0900), say('agent', '2026-12-01 12:00')],
      changes: [change('status', '2026-12-01 10:00', 'open', 'hold'), change('status', '2026-12-01 12:00', 'hold', 'closed')],
    });
    // 09:00–10:00 ran, 10:00–12:00 on hold: 60 business minutes between the two updates.
    expect(pick(slaStatuses(ticket, p, pt('2026-12-01 13:00')), 'periodic_update_time')).toMatchObject({
      state: 'achieved',
      startedAt: ptIso(TUE_0900),
      fulfilledAt: ptIso('2026-12-01 12:00'),
      businessMinutesElapsed: 60,
    });
  });
});

describe('#28 #53 periodic update around a solve and a reopen', () => {
  // High: first reply and next reply 4 h, periodic update 4 h, all on 24x5 (open around the clock Tue–Wed).
  const p = slaTestPolicy({
    slaTargets: [
      { plan: 'priority', priority: 'high', metric: 'first_reply_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
      { plan: 'priority', priority: 'high', metric: 'next_reply_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
      { plan: 'priority', priority: 'high', metric: 'periodic_update_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
    ],
  });
  // Customer 09:00, agent's update 10:00, solved 10:30; the customer reopens Wed 2 Dec 10:00 with a comment.
  const talk = [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')];
  const solved = change('status', '2026-12-01 10:30', 'open', 'solved');
  const reopened = change('status', '2026-12-02 10:00', 'solved', 'open');

  it('after the reopen the update is owed from the reopen, not from the last update before the solve (no back-dated breach)', () => {
    const ticket = highTicket({ comments: [...talk, say('end-user', '2026-12-02 10:00')], changes: [solved, reopened] });
    const pu = pick(slaStatuses(ticket, p, pt('2026-12-02 10:30')), 'periodic_update_time');
    expect(pu).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-02 10:00'),
      dueAt: ptIso('2026-12-02 14:00'),
      businessMinutesElapsed: 30,
      businessMinutesLeft: 210,
      explanation:
        'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock restarted Wed 2 Dec 10:00 PT at the reopen (solved Tue 1 Dec 10:30 PT; the time solved does not count); due Wed 2 Dec 14:00 PT',
    });
    // The reminders count from the reopen as well: 50 % (2 h) at 12:00, 75 % at 13:00, 15 min before, the breach.
    expect(pu.reminderAt).toEqual([
      { at: ptIso('2026-12-02 12:00'), label: '50% of periodic update time elapsed' },
      { at: ptIso('2026-12-02 13:00'), label: '75% of periodic update time elapsed' },
      { at: ptIso('2026-12-02 13:45'), label: '15 min to breach' },
      { at: ptIso('2026-12-02 14:00'), label: 'breached' },
    ]);
  });

  it('a reply and solve in one update, then a reopen by an agent without a comment: the clock runs from the reopen', () => {
    const ticket = highTicket({
      comments: talk,
      changes: [change('status', '2026-12-01 10:00', 'open', 'solved'), change('status', '2026-12-02 09:00', 'solved', 'open')],
    });
    expect(pick(slaStatuses(ticket, p, pt('2026-12-02 10:00')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-02 09:00'),
      dueAt: ptIso('2026-12-02 13:00'),
      businessMinutesElapsed: 60,
    });
  });

  it('an update after the reopen starts the next wait as usual', () => {
    const ticket = highTicket({
      comments: [...talk, say('end-user', '2026-12-02 10:00'), say('agent', '2026-12-02 10:15')],
      changes: [solved, reopened],
    });
    expect(pick(slaStatuses(ticket, p, pt('2026-12-02 10:30')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-02 10:15'),
      dueAt: ptIso('2026-12-02 14:15'),
      explanation:
        'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock started Wed 2 Dec 10:15 PT; due Wed 2 Dec 14:15 PT',
    });
  });

  it('solved again: the update after the reopen was measured from the reopen, so it is on time', () => {
    const ticket = highTicket({
      status: 'solved',
      comments: [...talk, say('end-user', '2026-12-02 10:00'), say('agent', '2026-12-02 11:00')],
      changes: [solved, reopened, change('status', '2026-12-02 11:00', 'open', 'solved')],
    });
    const pu = pick(slaStatuses(ticket, p, pt('2026-12-02 12:00')), 'periodic_update_time');
    expect(pu).toMatchObject({
      state: 'achieved',
      startedAt: ptIso('2026-12-02 10:00'),
      fulfilledAt: ptIso('2026-12-02 11:00'),
      businessMinutesElapsed: 60,
      businessMinutesLeft: 180,
      reminderAt: [],
    });
    expect(pu.explanation).toContain('clock restarted Wed 2 Dec 10:00 PT at the reopen (solved Tue 1 Dec 10:30 PT; the time solved does not count)');
    expect(pu.explanation).toContain('fulfilled Wed 2 Dec 11:00 PT: on time (due Wed 2 Dec 14:00 PT)');
  });

  it('while solved no update is due; an agent comment on the solved ticket measures nothing until it reopens', () => {
    const ticket = highTicket({ status: 'solved', comments: talk, changes: [solved] });
    expect(pick(slaStatuses(ticket, p, pt('2026-12-01 12:00')), 'periodic_update_time')).toMatchObject({
      state: 'none',
      explanation: 'No running clock: the ticket is solved, so no further update is due',
    });
    // Commented on while Solved (Thu), reopened Fri: the update is owed from the reopen, not from the comment.
    const commentedWhileSolved = highTicket({
      comments: [...talk, say('agent', '2026-12-03 10:00'), say('end-user', '2026-12-04 09:00')],
      changes: [solved, change('status', '2026-12-04 09:00', 'solved', 'open')],
    });
    expect(pick(slaStatuses(commentedWhileSolved, p, pt('2026-12-04 10:00')), 'periodic_update_time')).toMatchObject({
      startedAt: ptIso('2026-12-04 09:00'),
      dueAt: ptIso('2026-12-04 13:00'),
    });
    // Two agent comments while Solved (Wed 10:00, Thu 16:00), still solved: the wait between them was never owed.
    const twiceWhileSolved = highTicket({
      status: 'solved',
      comments: [...talk, say('agent', '2026-12-02 10:00'), say('agent', '2026-12-03 16:00')],
      changes: [solved],
    });
    expect(pick(slaStatuses(twiceWhileSolved, p, pt('2026-12-03 17:00')), 'periodic_update_time')).toMatchObject({
      state: 'none',
      fulfilledAt: null,
      explanation: 'No running clock: the ticket is solved, so no further update is due',
    });
    // Reopened Fri with an agent comment at the reopen itself: the clock starts there, not at Thu's comment.
    const reopenedWithComment = highTicket({
      comments: [...talk, say('agent', '2026-12-02 10:00'), say('agent', '2026-12-03 16:00'), say('agent', '2026-12-04 09:00')],
      changes: [solved, change('status', '2026-12-04 09:00', 'solved', 'open')],
    });
    expect(pick(slaStatuses(reopenedWithComment, p, pt('2026-12-04 10:00')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-04 09:00'),
      dueAt: ptIso('2026-12-04 13:00'),
      businessMinutesElapsed: 60,
    });
  });

  it('a reopen whose solve is not in the history (created solved, history cut): the clock runs from the reopen', () => {
    const reopenedThu = change('status', '2026-12-03 09:00', 'solved', 'open');
    const ticket = highTicket({ comments: talk, changes: [reopenedThu] });
    expect(pick(slaStatuses(ticket, p, pt('2026-12-03 10:00')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-03 09:00'),
      dueAt: ptIso('2026-12-03 13:00'),
      businessMinutesElapsed: 60,
      explanation:
        'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock restarted Thu 3 Dec 09:00 PT at the reopen (its solve not in the history; the time solved does not count); due Thu 3 Dec 13:00 PT',
    });
    // The history starts solved, so the agent's comment in the reopening update fulfils no wait from Tue's update:
    // solved again Thu 11:00 with nothing said since the reopen, no update was owed.
    const solvedAgain = highTicket({
      status: 'solved',
      comments: [...talk, say('agent', '2026-12-03 09:00')],
      changes: [reopenedThu, change('status', '2026-12-03 11:00', 'open', 'solved')],
    });
    expect(pick(slaStatuses(solvedAgain, p, pt('2026-12-03 12:00')), 'periodic_update_time')).toMatchObject({
      state: 'none',
      fulfilledAt: null,
      explanation: 'No running clock: the ticket is solved, so no further update is due',
    });
  });

  it('solved and reopened in the same second (two updates): read in the order recorded, the clock restarts at the reopen', () => {
    const reopenedAtOnce = change('status', '2026-12-01 10:30', 'solved', 'open');
    const ticket = highTicket({ comments: talk, changes: [solved, reopenedAtOnce] });
    expect(pick(slaStatuses(ticket, p, pt('2026-12-01 11:00')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-01 10:30'),
      dueAt: ptIso('2026-12-01 14:30'),
      explanation:
        'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock restarted Tue 1 Dec 10:30 PT at the reopen (solved Tue 1 Dec 10:30 PT; the time solved does not count); due Tue 1 Dec 14:30 PT',
    });
    // Open after that second, so the agent's update Wed 10:00 fulfils the wait from the reopen before Wed's solve.
    const solvedWed = highTicket({
      status: 'solved',
      comments: [...talk, say('agent', '2026-12-02 10:00')],
      changes: [solved, reopenedAtOnce, change('status', '2026-12-02 12:00', 'open', 'solved')],
    });
    const pu = pick(slaStatuses(solvedWed, p, pt('2026-12-02 13:00')), 'periodic_update_time');
    expect(pu).toMatchObject({ state: 'achieved', startedAt: ptIso('2026-12-01 10:30'), fulfilledAt: ptIso('2026-12-02 10:00'), businessMinutesElapsed: 1410 });
    expect(pu.explanation).toContain('clock restarted Tue 1 Dec 10:30 PT at the reopen (solved Tue 1 Dec 10:30 PT; the time solved does not count)');
  });

  it('open again but the history stops at the solve: the clock runs from the solve, never from the update before it', () => {
    const ticket = highTicket({ comments: talk, changes: [solved] });
    expect(pick(slaStatuses(ticket, p, pt('2026-12-01 12:00')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-01 10:30'),
      dueAt: ptIso('2026-12-01 14:30'),
      explanation:
        'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock restarted Tue 1 Dec 10:30 PT at the solve (the ticket is open again, its reopen not in the history); due Tue 1 Dec 14:30 PT',
    });
    // The ticket is read as open from that solve on, so an agent update after it starts the next wait as usual.
    const updatedSince = highTicket({ comments: [...talk, say('agent', '2026-12-02 10:00')], changes: [solved] });
    expect(pick(slaStatuses(updatedSince, p, pt('2026-12-02 10:30')), 'periodic_update_time')).toMatchObject({
      state: 'active',
      startedAt: ptIso('2026-12-02 10:00'),
      dueAt: ptIso('2026-12-02 14:00'),
    });
  });
});
