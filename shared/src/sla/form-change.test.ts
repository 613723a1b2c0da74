import { slaStatuses } from './engine.js';
import { previewDeadline } from './preview.js';
import { GITLAB_POLICY } from '../policy/index.js';
import { buildOrganization, buildTicket, FORM } from '../testing/factories.js';
import type { TicketSnapshotInput } from '../schemas/ticket.js';
import { change, highTicket, pickStatus as pick, pt, ptIso, say, slaTestPolicy, TUE_0900 } from '../testing/sla-policy.js';

// A form move that changes the plan (SLA-EDGE-CASES #38, DOMAIN.md §7 "no back-dated breaches"), on GitLab's shipped
// policy: the Emergencies form gives a Premium ticket the Emergency plan (30 min on 24x7), the L&R form gives any
// ticket L&R (8 h on 24x5). December 2026 is PST (UTC−8); GitLab's 24x5 is open around the clock Monday to Thursday.

const ticket = (overrides: Partial<TicketSnapshotInput>) =>
  buildTicket({ createdAt: ptIso(TUE_0900), status: 'open', priority: 'high', comments: [say('end-user', TUE_0900)], ...overrides });
const formMove = (local: string, from: number, to: number) => change('form', local, String(from), String(to));
const frtAt = (overrides: Partial<TicketSnapshotInput>, local: string) => pick(slaStatuses(ticket(overrides), GITLAB_POLICY, pt(local)));

describe('#38 a form move that changes the plan', () => {
  it('to Emergencies after the new target passed: breached at the move, not back-dated, told as a deadline change', () => {
    // High on Priority Support: 4 h from 09:00 = 13:00. At 11:00 the form moves to Emergencies: 30 min from 09:00 is
    // 09:30, already past, so breached at 11:00, exactly as a High → Urgent priority change at 11:00 reads.
    const frt = frtAt({ formId: FORM.emergencies, changes: [formMove('2026-12-01 11:00', FORM.selfManaged, FORM.emergencies)] }, '2026-12-01 11:05');
    expect(frt).toMatchObject({
      state: 'breached',
      startedAt: ptIso(TUE_0900),
      dueAt: ptIso('2026-12-01 11:00'),
      businessMinutesLeft: -5,
      target: { plan: 'emergency', priority: 'high', minutes: 30, schedule: '24x7' },
    });
    expect(frt.explanation).toBe(
      'High priority, Emergency (Priority Support): 30 min of business time on 24x7 Support; clock started Tue 1 Dec 09:00 PT; was due Tue 1 Dec 11:00 PT: breached',
    );
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 11:00'),
        from: ptIso('2026-12-01 13:00'),
        to: ptIso('2026-12-01 11:00'),
        reason:
          'Form Self-Managed → Emergencies at Tue 1 Dec 11:00 PT: Priority Support (Premium/Ultimate) → Emergency (Priority Support), target 4 h of business time on Business Hours (24x5) → 30 min of business time on 24x7 Support (recomputed from the clock start, elapsed time kept); due moved from Tue 1 Dec 13:00 PT to Tue 1 Dec 11:00 PT; already past the new target, so breached at the change',
      },
    ]);
    // The same move told as a priority change reads the same deadline.
    const bumped = frtAt({ priority: 'urgent', changes: [change('priority', '2026-12-01 11:00', 'high', 'urgent')] }, '2026-12-01 11:05');
    expect([bumped.state, bumped.dueAt, bumped.businessMinutesLeft]).toEqual([frt.state, frt.dueAt, frt.businessMinutesLeft]);
  });

  it('to Emergencies before the new target passed: the new deadline counts from the clock start', () => {
    const frt = frtAt({ formId: FORM.emergencies, changes: [formMove('2026-12-01 09:10', FORM.selfManaged, FORM.emergencies)] }, '2026-12-01 09:15');
    expect(frt).toMatchObject({ state: 'warning', dueAt: ptIso('2026-12-01 09:30'), businessMinutesElapsed: 15, businessMinutesLeft: 15 });
    expect(frt.deadlineChanges.map((c) => [c.at, c.from, c.to])).toEqual([
      [ptIso('2026-12-01 09:10'), ptIso('2026-12-01 13:00'), ptIso('2026-12-01 09:30')],
    ]);
    expect(frt.deadlineChanges[0]!.reason).toMatch(/; due moved from Tue 1 Dec 13:00 PT to Tue 1 Dec 09:30 PT$/);
  });

  it('a Standard ticket moved to L&R 23 business hours in: breached at the move, not back to Tue 17:00', () => {
    const starter = buildOrganization({ id: 9002, name: 'Small Co', tags: ['starter'] });
    const frt = frtAt(
      { priority: 'normal', organization: starter, tags: ['starter'], formId: FORM.lnr, changes: [formMove('2026-12-02 08:00', FORM.saas, FORM.lnr)] },
      '2026-12-02 08:05',
    );
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-02 08:00'), businessMinutesLeft: -5, target: { plan: 'lnr', minutes: 480 } });
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-02 08:00'),
        from: ptIso('2026-12-02 09:00'),
        to: ptIso('2026-12-02 08:00'),
        reason:
          'Form SaaS → L&R at Wed 2 Dec 08:00 PT: Standard Support (legacy Starter/Bronze) → License & Renewals, target 24 h of business time on Business Hours (24x5) → 8 h of business time on Business Hours (24x5) (recomputed from the clock start, elapsed time kept); due moved from Wed 2 Dec 09:00 PT to Wed 2 Dec 08:00 PT; already past the new target, so breached at the change',
      },
    ]);
  });

  it('away from Emergencies to a longer target: active again, the breach stays in history', () => {
    const frt = frtAt({ formId: FORM.selfManaged, changes: [formMove('2026-12-01 11:00', FORM.emergencies, FORM.selfManaged)] }, '2026-12-01 11:00');
    expect(frt).toMatchObject({ state: 'warning', dueAt: ptIso('2026-12-01 13:00'), target: { plan: 'priority_support', minutes: 240 } });
    expect(frt.deadlineChanges.map((c) => [c.from, c.to])).toEqual([[ptIso('2026-12-01 09:30'), ptIso('2026-12-01 13:00')]]);
    expect(frt.deadlineChanges[0]!.reason).toMatch(/; the breach at Tue 1 Dec 09:30 PT stays in history$/);
  });

  it('a move that keeps the plan tells nothing and moves nothing', () => {
    const unmoved = frtAt({ formId: FORM.selfManaged }, '2026-12-01 11:05');
    const moved = frtAt({ formId: FORM.selfManaged, changes: [formMove('2026-12-01 11:00', FORM.saas, FORM.selfManaged)] }, '2026-12-01 11:05');
    expect(moved).toEqual(unmoved);
    expect(moved).toMatchObject({ state: 'warning', dueAt: ptIso('2026-12-01 13:00'), deadlineChanges: [] });
  });

  it('a move without an organization from a form with no SLA to L&R: the L&R target from the clock start, from no deadline', () => {
    const frt = frtAt(
      { priority: 'normal', organization: null, tags: [], formId: FORM.lnr, changes: [formMove('2026-12-01 11:00', FORM.selfManaged, FORM.lnr)] },
      '2026-12-01 11:00',
    );
    expect(frt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 17:00'), target: { plan: 'lnr' } });
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 11:00'),
        from: null,
        to: ptIso('2026-12-01 17:00'),
        reason:
          'Form Self-Managed → L&R at Tue 1 Dec 11:00 PT: No organization (no SLA) → License & Renewals, target none → 8 h of business time on Business Hours (24x5) (recomputed from the clock start, elapsed time kept); due moved from none to Tue 1 Dec 17:00 PT',
      },
    ]);
  });

  it('a priority change and a form move in the same update are one deadline change', () => {
    const frt = frtAt(
      { priority: 'urgent', formId: FORM.emergencies, changes: [change('priority', '2026-12-01 11:00', 'high', 'urgent'), formMove('2026-12-01 11:00', FORM.selfManaged, FORM.emergencies)] },
      '2026-12-01 11:05',
    );
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 11:00'), target: { plan: 'emergency', priority: 'urgent' } });
    expect(frt.deadlineChanges).toHaveLength(1);
    expect(frt.deadlineChanges[0]!.reason).toMatch(
      /^Priority high → urgent and form Self-Managed → Emergencies at Tue 1 Dec 11:00 PT: Priority Support \(Premium\/Ultimate\) → Emergency \(Priority Support\), target 4 h .* → 30 min .*; already past the new target, so breached at the change$/,
    );
  });

  it('the one-click fix (organization associated and form moved in one update) is told once, as the association', () => {
    const frt = frtAt(
      {
        formId: FORM.emergencies,
        changes: [change('organization', '2026-12-01 11:00', null, '9001'), formMove('2026-12-01 11:00', FORM.selfManaged, FORM.emergencies)],
      },
      '2026-12-01 11:05',
    );
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 11:00'), target: { plan: 'emergency' } });
    expect(frt.deadlineChanges).toEqual([
      {
        at: ptIso('2026-12-01 11:00'),
        from: null,
        to: ptIso('2026-12-01 11:00'),
        reason:
          'Organization Acme Corp associated at Tue 1 Dec 11:00 PT: Emergency (Priority Support) applies, 30 min of business time on 24x7 Support from the clock start Tue 1 Dec 09:00 PT; it was due Tue 1 Dec 09:30 PT, already past at the association, so breached then',
      },
    ]);
  });

  it('associated first, then moved: the association under the plan of that moment, then the move', () => {
    const frt = frtAt(
      {
        formId: FORM.emergencies,
        changes: [change('organization', '2026-12-01 10:00', null, '9001'), formMove('2026-12-01 11:00', FORM.selfManaged, FORM.emergencies)],
      },
      '2026-12-01 11:05',
    );
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 11:00') });
    expect(frt.deadlineChanges.map((c) => [c.at, c.from, c.to, c.reason.split(' at ')[0]])).toEqual([
      [ptIso('2026-12-01 10:00'), null, ptIso('2026-12-01 13:00'), 'Organization Acme Corp associated'],
      [ptIso('2026-12-01 11:00'), ptIso('2026-12-01 13:00'), ptIso('2026-12-01 11:00'), 'Form Self-Managed → Emergencies'],
    ]);
    expect(frt.deadlineChanges[0]!.reason).toContain(': Priority Support (Premium/Ultimate) applies, 4 h ');
  });

  it('a move after the first reply leaves the achieved first reply as it was; the next reply runs on the new plan', () => {
    const t = {
      formId: FORM.emergencies,
      comments: [say('end-user', TUE_0900), say('agent', '2026-12-01 10:00'), say('end-user', '2026-12-01 10:30')],
      changes: [formMove('2026-12-01 12:00', FORM.selfManaged, FORM.emergencies)],
    };
    const statuses = slaStatuses(ticket(t), GITLAB_POLICY, pt('2026-12-01 12:05'));
    expect(pick(statuses)).toMatchObject({
      state: 'achieved',
      dueAt: ptIso('2026-12-01 13:00'),
      target: { plan: 'priority_support', minutes: 240 },
      deadlineChanges: [],
    });
    expect(pick(statuses).explanation).toMatch(/^High priority, Priority Support \(Premium\/Ultimate\): 4 h /);
    // Next reply from 10:30: 4 h either way (24x5 is open all Tuesday), so the move changes the plan, not the deadline.
    const nrt = pick(statuses, 'next_reply_time');
    expect(nrt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 14:30'), target: { plan: 'emergency', schedule: '24x7' } });
    expect(nrt.deadlineChanges.map((c) => [c.from, c.to])).toEqual([[ptIso('2026-12-01 14:30'), ptIso('2026-12-01 14:30')]]);
  });

  it('previewed before it is saved (the save guard), a move reads as the same move saved', () => {
    const now = pt('2026-12-01 11:00');
    const preview = previewDeadline(ticket({ formId: FORM.selfManaged }), GITLAB_POLICY, { formId: FORM.emergencies }, now);
    const saved = frtAt({ formId: FORM.emergencies, changes: [formMove('2026-12-01 11:00', FORM.selfManaged, FORM.emergencies)] }, '2026-12-01 11:00');
    expect(preview).toMatchObject({ metric: 'first_reply_time', from: ptIso('2026-12-01 13:00'), to: saved.dueAt, toState: saved.state });
    expect(preview.message).toBe('Changing form to "Emergencies" makes the first reply overdue at once (due Tue 1 Dec 11:00 PT)');
    // Between forms of one plan: nothing moves.
    expect(previewDeadline(ticket({ formId: FORM.selfManaged }), GITLAB_POLICY, { formId: FORM.saas }, now)).toMatchObject({
      from: ptIso('2026-12-01 13:00'),
      to: ptIso('2026-12-01 13:00'),
    });
  });

  it('a move Zendesk dated a few seconds after our now (its clock ahead) is in force now', () => {
    const late = { ...formMove('2026-12-01 11:00', FORM.selfManaged, FORM.emergencies), at: '2026-12-01T19:00:05.000Z' };
    const frt = frtAt({ formId: FORM.emergencies, changes: [late] }, '2026-12-01 11:00');
    expect(frt).toMatchObject({ state: 'breached', dueAt: ptIso('2026-12-01 11:00'), target: { plan: 'emergency' } });
    expect(frt.deadlineChanges.map((c) => c.at)).toEqual([ptIso('2026-12-01 11:00')]);
  });
});

describe('a form move on the unit-test policy (L&R is form 100)', () => {
  it('with "restart on a priority change", a later move keeps the restarted clock start: restart is for priority only', () => {
    const restart = slaTestPolicy({ clock: { onPriorityChange: 'restart' } });
    const ticket = highTicket({
      priority: 'normal',
      formId: 100,
      changes: [change('priority', '2026-12-01 10:00', 'high', 'normal'), change('form', '2026-12-01 11:00', String(FORM.selfManaged), '100')],
    });
    const frt = pick(slaStatuses(ticket, restart, pt('2026-12-01 12:00')));
    // Normal 8 h from the restart at 10:00 = 18:00, on Priority Support and on L&R alike.
    expect(frt).toMatchObject({ state: 'active', dueAt: ptIso('2026-12-01 18:00'), target: { plan: 'lnr' } });
    expect(frt.explanation).toContain('clock restarted Tue 1 Dec 10:00 PT at the priority change');
    expect(frt.deadlineChanges.map((c) => [c.at, c.to])).toEqual([
      [ptIso('2026-12-01 10:00'), ptIso('2026-12-01 18:00')],
      [ptIso('2026-12-01 11:00'), ptIso('2026-12-01 18:00')],
    ]);
    expect(frt.deadlineChanges[1]!.reason).toMatch(/^Form 426148 → L&R at Tue 1 Dec 11:00 PT: Priority Support → L&R, .*\(recomputed from the clock start, elapsed time kept\)/);
  });

  it('a preview forcing a plan reads a move between forms of one plan as no change', () => {
    const policy = slaTestPolicy();
    const moved = highTicket({ priority: 'normal', formId: FORM.selfManaged, changes: [change('form', '2026-12-01 10:00', String(FORM.saas), String(FORM.selfManaged))] });
    const now = pt('2026-12-01 11:00');
    const preview = previewDeadline(moved, policy, { plan: 'standard' }, now);
    expect(preview).toEqual(previewDeadline(highTicket({ priority: 'normal', formId: FORM.selfManaged }), policy, { plan: 'standard' }, now));
    expect(preview.to).toBe(ptIso('2026-12-02 09:00'));
  });
});
