import { slaStatuses } from './engine.js';
import { previewDeadline } from './preview.js';
import { guardSave } from '../triage/guard.js';
import { buildOrganization } from '../testing/factories.js';
import type { Priority, SlaMetric } from '../schemas/common.js';
import { change, highTicket, pickStatus as pick, pt, ptIso, say, slaTestPolicy, slaTicket, TUE_0900 } from '../testing/sla-policy.js';

// November/December 2026 and January 2027 are all Pacific Standard Time (UTC−8). GitLab's 24x5 (in the test policy)
// is open around the clock Monday to Thursday, so midweek business minutes are wall-clock minutes.
const policy = slaTestPolicy();

describe('B5 priority changes mid-ticket', () => {
  it('#34 #39 after 3 business hours High → Normal keeps the elapsed time (recomputed, not cancelled): due = start + 8 h = now + 5 h', () => {
    const ticket = highTicket({ priority: 'normal', changes: [change('priority', '2026-12-01 12:00', 'high', 'normal')] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 12:00')));
    expect(frt).toMatchObject({
      state: 'active',
      startedAt: ptIso(TUE_0900),
      dueAt: ptIso('2026-12-01 17:00'),
      businessMinutesElapsed: 180,
      businessMinutesLeft: 300,
    });
    expect(frt.explanation).toBe(
      'Normal priority, Priority Support: 8 h of business time on Business Hours (24x5); clock started Tue 1 Dec 09:00 PT; due Tue 1 Dec 17:00 PT',
    );
    // #39: the move is recorded as a recompute, never a silent cancel.
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 12:00'),
        from: ptIso('2026-12-01 13:00'),
        to: ptIso('2026-12-01 17:00'),
        reason:
          'Priority high → normal at Tue 1 Dec 12:00 PT: target 4 h → 8 h (recomputed from the clock start, elapsed time kept); due moved from Tue 1 Dec 13:00 PT to Tue 1 Dec 17:00 PT',
      },
    ]);
  });

  it('#39 a tier change (organization moved between plans) recomputes the first-reply deadline from creation, never cancels it', () => {
    const starter = buildOrganization({ id: 9002, name: 'Small Co', tags: [], fields: { plan: 'starter' } });
    const premium = buildOrganization();
    const at = pt('2026-12-01 12:00');
    // Standard → Priority Support at 12:00: Normal 24 h becomes 8 h, both counted from the 09:00 creation.
    const before = pick(slaStatuses(highTicket({ priority: 'normal', organization: starter }), policy, at));
    expect(before).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-02 09:00'), target: { plan: 'standard', minutes: 1440 } });
    const upgraded = highTicket({ priority: 'normal', organization: premium, changes: [change('organization', '2026-12-01 12:00', '9002', '9001')] });
    const up = pick(slaStatuses(upgraded, policy, at));
    expect(up).toMatchObject({
      state: 'active',
      target: { plan: 'priority', minutes: 480 },
      startedAt: ptIso(TUE_0900),
      dueAt: ptIso('2026-12-01 17:00'),
      businessMinutesElapsed: 180,
      businessMinutesLeft: 300,
    });
    expect(up.explanation).toBe(
      'Normal priority, Priority Support: 8 h of business time on Business Hours (24x5); clock started Tue 1 Dec 09:00 PT; due Tue 1 Dec 17:00 PT',
    );
    // Priority Support → Standard: the longer target, with the 3 h already elapsed kept.
    const downgraded = highTicket({ priority: 'normal', organization: starter, changes: [change('organization', '2026-12-01 12:00', '9001', '9002')] });
    expect(pick(slaStatuses(downgraded, policy, at))).toMatchObject({
      state: 'active',
      target: { plan: 'standard', minutes: 1440 },
      startedAt: ptIso(TUE_0900),
      dueAt: ptIso('2026-12-02 09:00'),
      businessMinutesElapsed: 180,
      businessMinutesLeft: 1260,
    });
  });

  it('#32 reminders are rescheduled by a priority change', () => {
    const before = pick(slaStatuses(highTicket(), policy, pt('2026-12-01 10:00')));
    expect(before.reminderAt.map((r) => r.at)).toEqual([
      ptIso('2026-12-01 11:00'),
      ptIso('2026-12-01 12:00'),
      ptIso('2026-12-01 12:45'),
      ptIso('2026-12-01 13:00'),
    ]);
    const after = pick(slaStatuses(highTicket({ priority: 'normal', changes: [change('priority', '2026-12-01 10:00', 'high', 'normal')] }), policy, pt('2026-12-01 10:00')));
    // Normal, 8 h from 09:00: 50 % at 13:00, 75 % at 15:00, 15 min before 17:00, breach 17:00.
    expect(after.reminderAt).toEqual([
      { at: ptIso('2026-12-01 13:00'), label: '50% of first reply time elapsed' },
      { at: ptIso('2026-12-01 15:00'), label: '75% of first reply time elapsed' },
      { at: ptIso('2026-12-01 16:45'), label: '15 min to breach' },
      { at: ptIso('2026-12-01 17:00'), label: 'breached' },
    ]);
  });

  it('#33 the new target shows in the preview before saving', () => {
    const preview = previewDeadline(highTicket(), policy, { priority: 'normal' }, pt('2026-12-01 12:00'));
    expect(preview).toEqual({
      metric: 'first_reply_time',
      from: ptIso('2026-12-01 13:00'),
      to: ptIso('2026-12-01 17:00'),
      fromState: 'warning',
      toState: 'active',
      message: 'Changing priority to Normal moves the first-reply deadline from Tue 1 Dec 13:00 PT to Tue 1 Dec 17:00 PT',
    });
  });

  it('#36 an overdue ticket moved to a longer target: active again, the breach stays in the history', () => {
    const ticket = highTicket({ priority: 'low', changes: [change('priority', '2026-12-01 14:00', 'high', 'low')] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 14:00')));
    // Low = 24 h from Tue 09:00 → Wed 09:00.
    expect(frt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-02 09:00') });
    expect(frt.deadlineChanges[0]?.reason).toBe(
      'Priority high → low at Tue 1 Dec 14:00 PT: target 4 h → 24 h (recomputed from the clock start, elapsed time kept); due moved from Tue 1 Dec 13:00 PT to Wed 2 Dec 09:00 PT; the breach at Tue 1 Dec 13:00 PT stays in history',
    );
  });

  it('#38 a change that makes the ticket already late is breached at the change, not back-dated', () => {
    // Normal for 60 min, then Urgent (30 min on 24x7): the recomputed 09:30 is past, so due = the change at 10:00.
    const ticket = highTicket({ priority: 'urgent', changes: [change('priority', '2026-12-01 10:00', 'normal', 'urgent')] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 10:15')));
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 10:00'), businessMinutesLeft: -15 });
    expect(frt.target).toMatchObject({ minutes: 30, schedule: '24x7-la' });
    expect(frt.deadlineChanges[0]).toMatchObject({
      from: ptIso('2026-12-01 17:00'),
      to: ptIso('2026-12-01 10:00'),
      reason: expect.stringContaining('; already past the new target, so breached at the change'),
    });
    const preview = previewDeadline(highTicket({ priority: 'normal' }), policy, { priority: 'urgent' }, pt('2026-12-01 10:00'));
    expect(preview.message).toBe('Changing priority to Urgent makes the first reply overdue at once (due Tue 1 Dec 10:00 PT)');
    expect(preview.toState).toBe('breached');
  });

  it('#42 restart on a priority change (option, off by default): the clock restarts at the change', () => {
    const restart = slaTestPolicy({ clock: { onPriorityChange: 'restart' } });
    const ticket = highTicket({ priority: 'normal', changes: [change('priority', '2026-12-01 12:00', 'high', 'normal')] });
    const frt = pick(slaStatuses(ticket, restart, pt('2026-12-01 13:00')));
    expect(frt).toMatchObject({ state: 'active', startedAt: ptIso(TUE_0900), dueAt: ptIso('2026-12-01 20:00'), businessMinutesElapsed: 60 });
    expect(frt.explanation).toContain('clock restarted Tue 1 Dec 12:00 PT at the priority change');
    expect(frt.deadlineChanges[0]?.reason).toContain('(clock restarted at the change)');
  });

  it('reads the priority at each moment from the history: the first change’s `from` is the priority before it', () => {
    const ticket = highTicket({
      priority: 'high',
      changes: [change('priority', '2026-12-01 10:00', 'low', 'normal'), change('priority', '2026-12-01 11:00', 'normal', 'high')],
    });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 11:30')));
    expect(frt.deadlineChanges.map((c) => [c.from, c.to])).toEqual([
      [ptIso('2026-12-02 09:00'), ptIso('2026-12-01 17:00')],
      [ptIso('2026-12-01 17:00'), ptIso('2026-12-01 13:00')],
    ]);
  });

  it("a change Zendesk dated a few seconds after our now (its clock ahead) is in force now, not later", () => {
    // Saved High → Normal at 12:00:05 by Zendesk's clock; the webhook's replan runs at 12:00:00 by ours.
    const ticket = highTicket({ priority: 'normal', changes: [{ ...change('priority', '2026-12-01 12:00', 'high', 'normal'), at: '2026-12-01T20:00:05.000Z' }] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 12:00')));
    expect(frt).toMatchObject({ target: { priority: 'normal', minutes: 480 }, dueAt: ptIso('2026-12-01 17:00') });
    expect(frt.deadlineChanges.map((c) => c.at)).toEqual([ptIso('2026-12-01 12:00')]);
  });

  it('the save guard reads a change dated after now as in force now too, so it agrees with the sidebar', () => {
    const ticket = highTicket({ priority: 'normal', changes: [{ ...change('priority', '2026-12-01 12:00', 'high', 'normal'), at: '2026-12-01T20:00:05.000Z' }] });
    const now = pt('2026-12-01 12:00');
    const shown = pick(slaStatuses(ticket, policy, now));
    const preview = previewDeadline(ticket, policy, { priority: 'low' }, now);
    expect(preview?.from).toBe(shown.dueAt);
    expect(preview?.from).toBe(ptIso('2026-12-01 17:00'));
  });

  it('a change after the first reply does not move the achieved first reply', () => {
    const ticket = highTicket({
      priority: 'low',
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 12:00')],
      changes: [change('priority', '2026-12-01 14:00', 'high', 'low')],
    });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 15:00')));
    expect(frt).toMatchObject({ state: 'achieved', dueAt: ptIso('2026-12-01 13:00'), deadlineChanges: [] });
    expect(frt.target?.priority).toBe('high');
  });
});

describe('B5 the organization associated mid-ticket (the triage fix)', () => {
  const ASSOCIATED = (local: string, from: string | null = null) => change('organization', local, from, '9001');
  const premiumAt = (local: string, priority: Priority, extra: Parameters<typeof highTicket>[0] = {}) =>
    pick(slaStatuses(highTicket({ priority, changes: [ASSOCIATED(local)], ...extra }), policy, pt(local)));

  it('#38 lists the association: the plan applies since then, its target counted from creation', () => {
    const frt = premiumAt('2026-12-01 12:00', 'normal');
    expect(frt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 17:00'), target: { plan: 'priority', minutes: 480 } });
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 12:00'),
        from: null,
        to: ptIso('2026-12-01 17:00'),
        reason:
          'Organization Acme Corp associated at Tue 1 Dec 12:00 PT: Priority Support applies, 8 h of business time on Business Hours (24x5) from the clock start Tue 1 Dec 09:00 PT; due Tue 1 Dec 17:00 PT',
      },
    ]);
  });

  it('#38 an association after the target passed: breached at once, and the change says so', () => {
    // High on Priority Support: 4 h from 09:00, so 13:00; associated at 14:00.
    const frt = premiumAt('2026-12-01 14:00', 'high');
    // Breached at the association, not back-dated to 13:00, as for a priority change that makes a ticket late.
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 14:00') });
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 14:00'),
        from: null,
        to: ptIso('2026-12-01 14:00'),
        reason: expect.stringMatching(/: Priority Support applies, 4 h .*; it was due Tue 1 Dec 13:00 PT, already past at the association, so breached then$/),
      },
    ]);
  });

  it('tells no association when the plan does not depend on the organization (L&R is chosen by form)', () => {
    const lnr = highTicket({ priority: 'normal', formId: 100, changes: [ASSOCIATED('2026-12-01 18:00')] });
    const frt = pick(slaStatuses(lnr, policy, pt('2026-12-01 18:00')));
    // L&R applied from creation: due 17:00 and breached then, whatever the association at 18:00.
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 17:00'), target: { plan: 'lnr' } });
    expect(frt.deadlineChanges).toEqual([]);
  });

  it('a priority change before or with the association moved no deadline of the plan: only the association is told', () => {
    const ticket = highTicket({
      priority: 'normal',
      changes: [change('priority', '2026-12-01 10:00', 'urgent', 'high'), change('priority', '2026-12-01 14:00', 'high', 'normal'), ASSOCIATED('2026-12-01 14:00')],
    });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 14:00')));
    // Normal: 8 h from 09:00, 17:00 — not clamped to 14:00 by a change made before the plan applied.
    expect(frt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 17:00') });
    expect(frt.deadlineChanges.map((c) => [c.at, c.to, c.reason.split(' at ')[0]])).toEqual([
      [ptIso('2026-12-01 14:00'), ptIso('2026-12-01 17:00'), 'Organization Acme Corp associated'],
    ]);
  });

  it('tells the association while the clock is stopped, without a due time', () => {
    const pausing = slaTestPolicy({ clock: { pauseOn: { first_reply_time: ['pending'] } } });
    const ticket = highTicket({ status: 'pending', changes: [ASSOCIATED('2026-12-01 10:00'), change('status', '2026-12-01 11:00', 'open', 'pending')] });
    const frt = pick(slaStatuses(ticket, pausing, pt('2026-12-01 12:00')));
    expect(frt.state).toBe('paused');
    expect(frt.deadlineChanges).toEqual([
      { at: ptIso('2026-12-01 10:00'), from: null, to: null, reason: expect.stringMatching(/^Organization Acme Corp associated at .*; no due time while the clock is stopped$/) },
    ]);
  });

  it("tells no move from another organization: that organization's plan is not known, and may have applied before", () => {
    // High → Urgent at 11:00 on the plan (Priority Support, any organization with the tag), then moved from
    // organization 9003 at 14:00: the urgent target was breached at 11:00 and stays so.
    const ticket = highTicket({ priority: 'urgent', changes: [change('priority', '2026-12-01 11:00', 'high', 'urgent'), ASSOCIATED('2026-12-01 14:00', '9003')] });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 15:00')));
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 11:00') });
    expect(frt.deadlineChanges.map((c) => c.reason.split(' at ')[0])).toEqual(['Priority high → urgent']);
  });

  it('lists it in time order with priority changes, each with the deadline in force after it', () => {
    const ticket = highTicket({
      priority: 'normal',
      changes: [change('priority', '2026-12-01 11:00', 'high', 'normal'), ASSOCIATED('2026-12-01 10:00')],
    });
    const frt = pick(slaStatuses(ticket, policy, pt('2026-12-01 12:00')));
    expect(frt.deadlineChanges.map((c) => [c.at, c.to])).toEqual([
      [ptIso('2026-12-01 10:00'), ptIso('2026-12-01 13:00')],
      [ptIso('2026-12-01 11:00'), ptIso('2026-12-01 17:00')],
    ]);
    expect(frt.deadlineChanges[0]!.reason).toMatch(/^Organization Acme Corp associated at .*: Priority Support applies, 4 h /);
  });

  it('leaves out an association before the clock started, after the reply, or of an organization the ticket no longer has', () => {
    const before = highTicket({ changes: [ASSOCIATED('2026-12-01 08:00')] });
    expect(pick(slaStatuses(before, policy, pt('2026-12-01 10:00'))).deadlineChanges).toEqual([]);
    const answered = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')], changes: [ASSOCIATED('2026-12-01 11:00')] });
    expect(pick(slaStatuses(answered, policy, pt('2026-12-01 12:00'))).deadlineChanges).toEqual([]);
    const moved = highTicket({ changes: [ASSOCIATED('2026-12-01 10:00'), change('organization', '2026-12-01 11:00', '9001', '9003')] });
    expect(pick(slaStatuses(moved, policy, pt('2026-12-01 12:00'))).deadlineChanges).toEqual([]);
  });
});

describe('B7 reopen, merge, close', () => {
  it('#53 Solved → customer reply: the met first reply stays met, next reply starts at the reply', () => {
    const ticket = highTicket({
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 15:00')],
      changes: [change('status', '2026-12-01 10:05', 'open', 'solved'), change('status', '2026-12-01 15:00', 'solved', 'open')],
    });
    const statuses = slaStatuses(ticket, policy, pt('2026-12-01 15:30'));
    expect(pick(statuses)).toMatchObject({ state: 'achieved', fulfilledAt: ptIso('2026-12-01 10:00') });
    expect(pick(statuses, 'next_reply_time')).toMatchObject({ state: 'active', startedAt: ptIso('2026-12-01 15:00'), dueAt: ptIso('2026-12-01 19:00') });
  });

  it('#54 reopened 34 days later: the earlier achievement is kept', () => {
    const ticket = highTicket({
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2027-01-04 10:00')],
      changes: [change('status', '2026-12-01 10:05', 'open', 'solved'), change('status', '2027-01-04 10:00', 'solved', 'open')],
    });
    const statuses = slaStatuses(ticket, policy, pt('2027-01-04 11:00'));
    expect(pick(statuses)).toMatchObject({ state: 'achieved', businessMinutesLeft: 180 });
    expect(pick(statuses).explanation).toContain('on time (due Tue 1 Dec 13:00 PT)');
    expect(pick(statuses, 'next_reply_time')).toMatchObject({ startedAt: ptIso('2027-01-04 10:00'), dueAt: ptIso('2027-01-04 14:00'), businessMinutesElapsed: 60 });
  });
  it('#55 a merged source ticket (closed by the merge) shows no running clock, on either metric', () => {
    // Merged at 11:00 into another ticket before any reply: Zendesk closes the source and tags it closed_by_merge.
    const merged = highTicket({
      status: 'closed',
      tags: ['premium', 'closed_by_merge'],
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 11:00', { public: false })],
      changes: [change('status', '2026-12-01 11:00', 'open', 'closed')],
    });
    // At 14:00 the same ticket still open reads breached (due 13:00); merged, no clock runs and nothing reminds.
    expect(pick(slaStatuses(highTicket(), policy, pt('2026-12-01 14:00'))).state).toBe('breached');
    const statuses = slaStatuses(merged, policy, pt('2026-12-01 14:00'));
    expect(statuses.map((st) => [st.metric, st.state, st.dueAt, st.reminderAt])).toEqual([
      ['first_reply_time', 'none', null, []],
      ['next_reply_time', 'none', null, []],
    ]);
    expect(pick(statuses).explanation).toBe(
      'No running clock: the ticket is closed without a public agent reply, so first reply time was not achieved',
    );
  });

  it('#55 on the merge target, a public merge comment by the agent counts as the first reply; a private one does not', () => {
    const mergeComment = (isPublic: boolean) =>
      highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 11:00', { public: isPublic })] });
    expect(pick(slaStatuses(mergeComment(true), policy, pt('2026-12-01 14:00')))).toMatchObject({
      state: 'achieved',
      fulfilledAt: ptIso('2026-12-01 11:00'),
    });
    // DOMAIN.md §7: keep merge comments private; then the clock keeps running and breaches at 13:00.
    expect(pick(slaStatuses(mergeComment(false), policy, pt('2026-12-01 14:00')))).toMatchObject({
      state: 'breached',
      dueAt: ptIso('2026-12-01 13:00'),
    });
  });
});

describe('B7 each metric on its own', () => {
  it('#56 an answered ticket whose next reply is overdue says so as the next reply, never as the first reply', () => {
    // First reply on time at 10:00; the customer wrote again at 11:00; NRT (High, 4 h) is overdue from 15:00.
    const ticket = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')] });
    const statuses = slaStatuses(ticket, policy, pt('2026-12-01 16:00'));
    expect(pick(statuses)).toMatchObject({ metric: 'first_reply_time', state: 'achieved', fulfilledAt: ptIso('2026-12-01 10:00') });
    const nrt = pick(statuses, 'next_reply_time');
    expect(nrt).toMatchObject({ metric: 'next_reply_time', state: 'breached', dueAt: ptIso('2026-12-01 15:00') });
    expect(nrt.explanation).not.toMatch(/first.reply/i);
    expect(pick(statuses).explanation).not.toMatch(/overdue|breach/i);
  });

  it('#56 an overdue periodic update reads as the periodic update, never as a reply: the first reply stays achieved, no next reply runs', () => {
    // GitLab's policy has no periodic update target; a policy that has one (High 4 h, Urgent 30 min) must still keep
    // the metrics apart.
    const t = (priority: Priority, metric: SlaMetric, minutes: number, schedule: string) => ({ plan: 'priority', priority, metric, minutes, schedule, source: 'https://x.test' });
    const p = slaTestPolicy({
      slaTargets: [
        t('high', 'first_reply_time', 240, 'gitlab-24x5'),
        t('urgent', 'first_reply_time', 30, '24x7-la'),
        t('high', 'next_reply_time', 240, 'gitlab-24x5'),
        t('urgent', 'next_reply_time', 240, '24x7-la'),
        t('high', 'periodic_update_time', 240, 'gitlab-24x5'),
        t('urgent', 'periodic_update_time', 30, '24x7-la'),
      ],
    });
    // Answered at 10:00 and the agent spoke last: the next update is due 14:00; at 15:00 it is an hour overdue.
    const ticket = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00')] });
    const statuses = slaStatuses(ticket, p, pt('2026-12-01 15:00'));
    expect(statuses.map((s) => [s.metric, s.state, s.dueAt])).toEqual([
      ['first_reply_time', 'achieved', ptIso('2026-12-01 13:00')],
      ['next_reply_time', 'none', null],
      ['periodic_update_time', 'breached', ptIso('2026-12-01 14:00')],
    ]);
    expect(pick(statuses, 'next_reply_time').explanation).toBe('No next-reply clock: the agent spoke last');
    const pu = pick(statuses, 'periodic_update_time');
    expect(pu.explanation).toBe(
      'High priority, Priority Support: 4 h of business time on Business Hours (24x5); clock started Tue 1 Dec 10:00 PT; was due Tue 1 Dec 14:00 PT: breached',
    );
    expect(pu.reminderAt.map((r) => r.label)).toEqual([
      '50% of periodic update time elapsed',
      '75% of periodic update time elapsed',
      '15 min to breach',
      'breached',
    ]);
    // Writing a public reply now: the save guard does not warn that a reply is late.
    const guard = guardSave(ticket, p, { comment: { public: true, text: 'Update: still investigating' } }, pt('2026-12-01 15:00'));
    expect(guard).toEqual({ decision: 'ok', codes: [], message: '' });
    // A priority bump that makes the update overdue at once names the periodic update, not "the reply".
    const preview = previewDeadline(ticket, p, { priority: 'urgent' }, pt('2026-12-01 10:45'));
    expect(preview).toMatchObject({ metric: 'periodic_update_time', from: ptIso('2026-12-01 14:00'), to: ptIso('2026-12-01 10:45'), toState: 'breached' });
    expect(preview.message).toBe('Changing priority to Urgent makes the periodic update overdue at once (due Tue 1 Dec 10:45 PT)');
  });
});

describe('B8 Zendesk breach_at is the countdown truth', () => {
  const withZendesk = (breachAt: string | null, stage = 'active', extra: Parameters<typeof slaTicket>[0] = {}) =>
    highTicket({ slas: [{ metric: 'first_reply_time', breachAt: breachAt === null ? null : ptIso(breachAt), stage }], ...extra });

  it('uses Zendesk’s breach_at, keeps the engine figure, and states the disagreement', () => {
    const frt = pick(slaStatuses(withZendesk('2026-12-01 12:00'), policy, pt('2026-12-01 10:00')));
    expect(frt).toMatchObject({
      state: 'warning',
      dueAt: ptIso('2026-12-01 12:00'),
      zendeskBreachAt: ptIso('2026-12-01 12:00'),
      engineDueAt: ptIso('2026-12-01 13:00'),
      businessMinutesLeft: 120,
    });
    expect(frt.disagreement).toEqual({
      zendeskBreachAt: ptIso('2026-12-01 12:00'),
      engineDueAt: ptIso('2026-12-01 13:00'),
      minutesApart: 60,
      message: "Zendesk says due Tue 1 Dec 12:00 PT; our policy model says Tue 1 Dec 13:00 PT — Zendesk's is used",
    });
  });

  it('no disagreement within a minute', () => {
    const frt = pick(slaStatuses(withZendesk('2026-12-01 13:00'), policy, pt('2026-12-01 10:00')));
    expect(frt.disagreement).toBeNull();
    expect(frt.state).toBe('active');
  });

  it('#57 minutes-before reminders are exact offsets from breach_at', () => {
    const frt = pick(slaStatuses(withZendesk('2026-12-01 12:00'), policy, pt('2026-12-01 10:00')));
    expect(frt.reminderAt.filter((r) => r.label !== '50% of first reply time elapsed' && r.label !== '75% of first reply time elapsed')).toEqual([
      { at: ptIso('2026-12-01 11:45'), label: '15 min to breach' },
      { at: ptIso('2026-12-01 12:00'), label: 'breached' },
    ]);
    // Engine-side 75 % (12:00) is not before Zendesk's breach: dropped rather than fired after the breach label.
    expect(frt.reminderAt.map((r) => r.label)).toEqual(['50% of first reply time elapsed', '15 min to breach', 'breached']);
  });

  it('#58 time left derives from breach_at at render time', () => {
    const left = (local: string) => pick(slaStatuses(withZendesk('2026-12-01 12:00'), policy, pt(local))).businessMinutesLeft;
    expect(left('2026-12-01 09:30')).toBe(150);
    expect(left('2026-12-01 11:10')).toBe(50);
    expect(left('2026-12-01 12:20')).toBe(-20);
  });

  it('#59 breach = breach_at before fulfilment: a reply after it is achieved late, before it on time', () => {
    const lateReply = [say('end-user', TUE_0900), say('agent', '2026-12-01 12:30')];
    const late = pick(slaStatuses(withZendesk('2026-12-01 12:00', 'active', { comments: lateReply }), policy, pt('2026-12-01 12:31')));
    expect(late).toMatchObject({ state: 'achieved', businessMinutesLeft: -30 });
    expect(late.explanation).toContain('achieved late, 30 min of business time after the deadline Tue 1 Dec 12:00 PT');
    expect(late.explanation).toContain('Zendesk still shows it running; our model counts the reply at Tue 1 Dec 12:30 PT');
    const onTime = [say('end-user', TUE_0900), say('agent', '2026-12-01 11:30')];
    expect(pick(slaStatuses(withZendesk('2026-12-01 12:00', 'achieved', { comments: onTime }), policy, pt('2026-12-01 12:31')))).toMatchObject({
      state: 'achieved',
      businessMinutesLeft: 30,
    });
  });

  it('Zendesk stage achieved wins even when our model sees no reply; the mismatch is stated', () => {
    const frt = pick(slaStatuses(withZendesk(null, 'achieved'), policy, pt('2026-12-01 14:00')));
    expect(frt.state).toBe('achieved');
    expect(frt.explanation).toContain('Zendesk reports it achieved; our model found no qualifying public agent reply');
  });

  it('Zendesk stage paused shows paused', () => {
    expect(pick(slaStatuses(withZendesk(null, 'paused'), policy, pt('2026-12-01 10:00'))).state).toBe('paused');
  });
});

describe('previewDeadline', () => {
  it('plan change: associating a Standard organization moves the deadline', () => {
    const preview = previewDeadline(highTicket({ priority: 'normal' }), policy, { plan: 'standard' }, pt('2026-12-01 10:00'));
    expect(preview.message).toBe('Changing plan to Standard moves the first-reply deadline from Tue 1 Dec 17:00 PT to Wed 2 Dec 09:00 PT');
  });

  it('a priority without a target removes the deadline and says why', () => {
    const preview = previewDeadline(highTicket({ priority: 'normal' }), policy, { plan: 'standard', priority: 'low' }, pt('2026-12-01 10:00'));
    expect(preview).toMatchObject({ from: ptIso('2026-12-01 17:00'), to: null, toState: 'none' });
    expect(preview.message).toBe(
      'Changing priority to Low and plan to Standard removes the first-reply deadline of Tue 1 Dec 17:00 PT (No SLA: Standard has no target for low priority)',
    );
  });

  it('after the first reply it previews the running next-reply clock', () => {
    const ticket = highTicket({ comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 11:00')] });
    const preview = previewDeadline(ticket, policy, { priority: 'normal' }, pt('2026-12-01 11:30'));
    // NRT high 4 h → normal 24 h, both from the 11:00 comment.
    expect(preview).toMatchObject({ metric: 'next_reply_time', from: ptIso('2026-12-01 15:00'), to: ptIso('2026-12-02 11:00') });
    expect(preview.message).toBe('Changing priority to Normal moves the next-reply deadline from Tue 1 Dec 15:00 PT to Wed 2 Dec 11:00 PT');
  });

  it('same priority keeps the deadline', () => {
    expect(previewDeadline(highTicket(), policy, { priority: 'high' }, pt('2026-12-01 10:00')).message).toBe(
      'Changing priority to High keeps the first-reply deadline at Tue 1 Dec 13:00 PT',
    );
  });
});
