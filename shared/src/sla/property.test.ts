import fc from 'fast-check';
import { slaStatuses } from './engine.js';
import { previewDeadline } from './preview.js';
import { GITLAB_POLICY } from '../policy/index.js';
import { buildPolicy, buildTicket } from '../testing/factories.js';
import { isOpen } from '../business-time/index.js';
import { PRIORITIES, TICKET_STATUSES } from '../schemas/common.js';
import { SlaStatusSchema } from '../schemas/assessment.js';
import { CALENDAR, type Policy } from '../schemas/policy.js';
import type { TicketSnapshot } from '../schemas/ticket.js';
import { highTicket, slaTestPolicy } from '../testing/sla-policy.js';

// Random tickets around the 2026 DST changes and weekends, on GitLab's policy and on a variant that pauses every
// metric and restarts on priority change: the engine must never throw, every status must satisfy the contract, and
// a running deadline must sit in (or close) open time of its schedule.
const START = Date.UTC(2026, 1, 20); // 20 Feb 2026: the range covers the March and November DST changes
const SPAN = 300 * 86_400_000;
const HOUR = 3_600_000;

const pausing: Policy = buildPolicy({
  clock: {
    pauseOn: { first_reply_time: ['pending'], next_reply_time: ['pending', 'hold'], periodic_update_time: ['hold'] },
    onPriorityChange: 'restart',
    regionalSchedules: GITLAB_POLICY.clock.regionalSchedules,
  },
});

const priority = fc.constantFrom(...PRIORITIES, ...PRIORITIES, null);
// Weighted towards paid organizations and open tickets so most runs reach a running clock.
const premium = { id: 1, name: 'Acme', tags: ['premium'] };
const org = fc.constantFrom(
  premium,
  premium,
  premium,
  null,
  { id: 2, name: 'Small', tags: ['starter'] },
  { id: 3, name: 'Trial', tags: ['trial'] },
);
const FORMS = ['426148', '360000071293', '360001264259'];
const ticketArb = fc
  .record({
    createdMs: fc.integer({ min: START, max: START + SPAN }),
    priority,
    org,
    formId: fc.constantFrom(426148, 360000071293, 360001264259),
    region: fc.constantFrom(null, 'europe_middle_east_africa', 'asia_pacific', 'americas_usa', 'all_regions'),
    status: fc.constantFrom('new', 'open', 'open', 'open', 'pending', 'hold', 'solved', 'closed'),
    submitterAgent: fc.boolean(),
    comments: fc.array(
      fc.record({
        offset: fc.integer({ min: -HOUR, max: 200 * HOUR }),
        role: fc.constantFrom('agent', 'end-user', 'end-user', 'end-user', 'bot', 'system'),
        public: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    changes: fc.array(
      fc.record({
        offset: fc.integer({ min: -HOUR, max: 200 * HOUR }),
        // Organization changes name the ids of the generated organizations (1: premium, 2: starter), or none; form
        // moves the generated forms (Self-Managed, L&R, Emergencies: moves that change the plan).
        field: fc.constantFrom('priority', 'status', 'organization', 'form'),
        from: fc.constantFrom<string | null>(...PRIORITIES, ...TICKET_STATUSES, '1', '2', ...FORMS, null),
        to: fc.constantFrom<string | null>(...PRIORITIES, ...TICKET_STATUSES, '1', '2', ...FORMS, null),
      }),
      { maxLength: 6 },
    ),
    slaBreachOffset: fc.oneof(
      { arbitrary: fc.constant(null), weight: 4 },
      { arbitrary: fc.integer({ min: -10 * HOUR, max: 100 * HOUR }), weight: 1 },
    ),
    nowOffset: fc.oneof(fc.integer({ min: 0, max: 4 * HOUR }), fc.integer({ min: 0, max: 300 * HOUR })),
  })
  .map((r): { ticket: TicketSnapshot; now: Date } => {
    const at = (offset: number) => new Date(r.createdMs + offset).toISOString();
    const ticket = buildTicket({
      createdAt: at(0),
      priority: r.priority,
      organization: r.org,
      formId: r.formId,
      region: r.region,
      status: r.status,
      submitter: r.submitterAgent ? { id: 501, role: 'agent' } : { id: 20001, role: 'end-user' },
      comments: r.comments.map((c) => ({ public: c.public, authorRole: c.role, createdAt: at(c.offset) })),
      changes: r.changes.map((c) => ({ at: at(c.offset), field: c.field, from: c.from, to: c.to })),
      slas:
        r.slaBreachOffset === null ? [] : [{ metric: 'first_reply_time', breachAt: at(r.slaBreachOffset), stage: 'active' }],
    });
    return { ticket, now: new Date(r.createdMs + r.nowOffset) };
  });

function scheduleOf(policy: Policy, id: string) {
  if (id === CALENDAR) return null;
  const s = policy.schedules.find((x) => x.id === id);
  if (s === undefined) throw new Error(`unknown schedule ${id}`);
  return s;
}

describe('property: slaStatuses on random tickets', () => {
  it.each([
    ['GitLab policy', GITLAB_POLICY],
    ['pausing/restart variant', pausing],
  ])('%s: never throws, contract holds, running deadlines land in open time', (_name, policy) => {
    fc.assert(
      fc.property(ticketArb, ({ ticket, now }) => {
        const statuses = slaStatuses(ticket, policy, now);
        expect(statuses.length).toBeGreaterThan(0);
        for (const s of statuses) {
          SlaStatusSchema.parse(s);
          expect(s.explanation).not.toContain('could not be computed');
          if (s.state === 'breached') expect(s.businessMinutesLeft).toBeLessThanOrEqual(0);
          if (s.state === 'active' || s.state === 'warning') {
            // ≥ 0, not > 0: Zendesk's breach_at may lie in closed time, leaving no business minutes before it.
            expect(s.businessMinutesLeft).toBeGreaterThanOrEqual(0);
            expect(new Date(s.dueAt ?? 0).getTime()).toBeGreaterThan(now.getTime());
            if (s.target === null || s.engineDueAt === null || s.zendeskBreachAt !== null) continue;
            const schedule = scheduleOf(policy, s.target.schedule);
            if (schedule === null) continue;
            const due = new Date(s.engineDueAt);
            // A deadline is open time, or the very end of an open interval (a budget used up exactly at a close).
            expect(isOpen(schedule, due) || isOpen(schedule, new Date(due.getTime() - 1))).toBe(true);
          }
        }
        const preview = previewDeadline(ticket, policy, { priority: 'normal' }, now);
        expect(typeof preview.message).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: the periodic update never counts time Solved (#28, #53)', () => {
  // GitLab's policy has no periodic update target: the SLA test policy with one for every priority (Premium tickets).
  const withPeriodic = slaTestPolicy({
    slaTargets: PRIORITIES.flatMap((p) => [
      { plan: 'priority', priority: p, metric: 'first_reply_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
      { plan: 'priority', priority: p, metric: 'periodic_update_time', minutes: 240, schedule: 'gitlab-24x5', source: 'https://x.test' },
    ]),
  });
  const STATUSES = ['open', 'pending', 'hold', 'solved', 'closed'] as const;
  const done = (status: string | null) => status === 'solved' || status === 'closed';
  // Premium tickets talked about by agent and customer, solved and reopened at random (histories need not agree
  // with the snapshot's status: the engine must hold either way).
  const solvedAndReopenedArb = fc
    .record({
      createdMs: fc.integer({ min: START, max: START + SPAN }),
      priority: fc.constantFrom(...PRIORITIES),
      status: fc.constantFrom(...STATUSES),
      comments: fc.array(
        fc.record({ offset: fc.integer({ min: 0, max: 200 * HOUR }), role: fc.constantFrom('agent', 'agent', 'end-user'), public: fc.boolean() }),
        { minLength: 1, maxLength: 6 },
      ),
      changes: fc.array(
        fc.record({ offset: fc.integer({ min: 0, max: 200 * HOUR }), from: fc.constantFrom(...STATUSES), to: fc.constantFrom(...STATUSES) }),
        { minLength: 1, maxLength: 6 },
      ),
      nowOffset: fc.integer({ min: 0, max: 300 * HOUR }),
    })
    .map((r): { ticket: TicketSnapshot; now: Date } => {
      const at = (offset: number) => new Date(r.createdMs + offset).toISOString();
      const ticket = highTicket({
        createdAt: at(0),
        priority: r.priority,
        status: r.status,
        comments: [
          { public: true, authorRole: 'end-user', createdAt: at(0) },
          ...r.comments.map((c) => ({ public: c.public || c.role === 'agent', authorRole: c.role, createdAt: at(c.offset) })),
        ],
        changes: r.changes.map((c) => ({ field: 'status' as const, at: at(c.offset), from: c.from, to: c.to })),
      });
      return { ticket, now: new Date(r.createdMs + r.nowOffset) };
    });

  it('no recorded solve falls inside a measured wait: a running clock starts at or after the last solve, a met one has none within', () => {
    let measuredAfterSolve = 0;
    fc.assert(
      fc.property(solvedAndReopenedArb, ({ ticket, now }) => {
        const pu = slaStatuses(ticket, withPeriodic, now).find((s) => s.metric === 'periodic_update_time');
        if (pu?.startedAt == null) return;
        const startMs = Date.parse(pu.startedAt);
        // Changes recorded after `now` have happened by now (the engine reads them as made now).
        const solves = ticket.changes
          .filter((c) => c.field === 'status' && done(c.to) && !done(c.from))
          .map((c) => Math.min(Date.parse(c.at), now.getTime()));
        if (solves.some((s) => s < startMs)) measuredAfterSolve += 1;
        const endMs = pu.fulfilledAt === null ? Infinity : Date.parse(pu.fulfilledAt);
        for (const s of solves) if (s > startMs) expect(s).toBeGreaterThanOrEqual(endMs);
      }),
      { numRuns: 500 },
    );
    // Not vacuous: many runs measure a wait after a solve.
    expect(measuredAfterSolve).toBeGreaterThan(50);
  });

  it('an agent comment while Solved measures nothing: a measured wait neither starts nor ends inside a solved span', () => {
    let commentedWhileSolved = 0;
    fc.assert(
      fc.property(solvedAndReopenedArb, ({ ticket, now }) => {
        // The spans the history reads as solved: from a solve to the next reopen, in the order the changes were
        // recorded (changes after `now` read as made now); before a first reopen with no solve before it, solved all
        // along. Open now while the history ends solved: the last solve is read as its reopen.
        const isSolve = (c: { from: string | null; to: string | null }) => done(c.to) && !done(c.from);
        const isReopen = (c: { from: string | null; to: string | null }) => done(c.from) && !done(c.to);
        const changes = ticket.changes
          .map((c) => ({ ...c, ms: Math.min(Date.parse(c.at), now.getTime()) }))
          .filter((c) => isSolve(c) || isReopen(c))
          .sort((a, b) => a.ms - b.ms);
        const spans: Array<[number, number]> = [];
        let since: number | null = changes[0] !== undefined && isReopen(changes[0]) ? -Infinity : null;
        let lastSolve = -Infinity;
        for (const c of changes) {
          if (isSolve(c)) {
            since ??= c.ms;
            lastSolve = c.ms;
          } else if (since !== null) {
            spans.push([since, c.ms]);
            since = null;
          }
        }
        if (since !== null) spans.push([since, done(ticket.status) ? Infinity : lastSolve]);
        const inside = (ms: number) => spans.some(([a, b]) => a < ms && ms < b);
        const agentMs = ticket.comments.filter((c) => c.authorRole === 'agent').map((c) => Date.parse(c.createdAt));
        if (agentMs.some((ms) => ms <= now.getTime() && inside(ms))) commentedWhileSolved += 1;
        const pu = slaStatuses(ticket, withPeriodic, now).find((s) => s.metric === 'periodic_update_time');
        if (pu?.startedAt == null) return;
        expect(inside(Date.parse(pu.startedAt))).toBe(false);
        if (pu.fulfilledAt !== null) expect(inside(Date.parse(pu.fulfilledAt))).toBe(false);
      }),
      { numRuns: 500 },
    );
    // Not vacuous: many runs have an agent comment on a Solved ticket.
    expect(commentedWhileSolved).toBeGreaterThan(20);
  });
});

describe('property: an unanswered Priority Support ticket', () => {
  it('has a running first-reply clock whose deadline is open time and whose elapsed + left = target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: START, max: START + SPAN }),
        fc.constantFrom(...PRIORITIES),
        fc.constantFrom(null, 'europe_middle_east_africa', 'asia_pacific', 'americas_usa'),
        fc.integer({ min: 0, max: 48 * HOUR }),
        (createdMs, p, region, nowOffset) => {
          const createdAt = new Date(createdMs).toISOString();
          const ticket = buildTicket({ createdAt, priority: p, region, comments: [{ public: true, authorRole: 'end-user', createdAt }] });
          const now = new Date(createdMs + nowOffset);
          const [frt] = slaStatuses(ticket, GITLAB_POLICY, now);
          if (frt === undefined || frt.target === null || frt.engineDueAt === null) throw new Error('expected a running FRT');
          const due = new Date(frt.engineDueAt);
          const schedule = scheduleOf(GITLAB_POLICY, frt.target.schedule);
          if (schedule !== null) expect(isOpen(schedule, due) || isOpen(schedule, new Date(due.getTime() - 1))).toBe(true);
          if (frt.state === 'breached') {
            expect(now.getTime()).toBeGreaterThanOrEqual(due.getTime());
          } else {
            expect(['active', 'warning']).toContain(frt.state);
            expect((frt.businessMinutesElapsed ?? NaN) + (frt.businessMinutesLeft ?? NaN)).toBeCloseTo(frt.target.minutes, 2);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('property: a risk state only ratchets up while nothing changes (#61)', () => {
  const RANK = { active: 0, warning: 1, breached: 2 } as const;
  const ranked = (state: string): state is keyof typeof RANK => state in RANK;
  const laterByArb = fc.oneof(fc.integer({ min: 1, max: 2 * HOUR }), fc.integer({ min: 1, max: 72 * HOUR }));
  // Unanswered tickets assessed within two days of creation: most runs cross a warning window.
  const unansweredArb = fc
    .record({
      createdMs: fc.integer({ min: START, max: START + SPAN }),
      priority: fc.constantFrom(...PRIORITIES),
      nowOffset: fc.integer({ min: 0, max: 48 * HOUR }),
    })
    .map(({ createdMs, priority: p, nowOffset }) => {
      const createdAt = new Date(createdMs).toISOString();
      const ticket = buildTicket({ createdAt, priority: p, comments: [{ public: true, authorRole: 'end-user', createdAt }] });
      return { ticket, now: new Date(createdMs + nowOffset) };
    });

  it('#61 the same ticket assessed later never steps back from warning or breached, and its deadline stays put', () => {
    fc.assert(
      fc.property(fc.oneof(ticketArb, unansweredArb), laterByArb, ({ ticket, now }, laterBy) => {
        // Only instants after the ticket's last event: a snapshot holds nothing that has not happened yet.
        const events = [ticket.createdAt, ...ticket.comments.map((c) => c.createdAt), ...ticket.changes.map((c) => c.at)].map(Date.parse);
        const first = new Date(Math.max(now.getTime(), ...events));
        const later = new Date(first.getTime() + laterBy);
        const before = slaStatuses(ticket, GITLAB_POLICY, first);
        const after = slaStatuses(ticket, GITLAB_POLICY, later);
        for (const b of before) {
          const a = after.find((x) => x.metric === b.metric);
          if (a === undefined || !ranked(b.state)) continue;
          // The badge steps back only when the deadline moved (#36: a longer target, with its reason); here it cannot.
          expect(ranked(a.state) ? RANK[a.state] : -1).toBeGreaterThanOrEqual(RANK[b.state]);
          expect(a.dueAt).toBe(b.dueAt);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('#61 a badge steps back from warning or breached only when a priority change moved the deadline later, and the status says why', () => {
    let steppedBack = 0;
    fc.assert(
      fc.property(unansweredArb, fc.constantFrom(...PRIORITIES), laterByArb, ({ ticket, now }, to, laterBy) => {
        const before = slaStatuses(ticket, GITLAB_POLICY, now).find((s) => s.metric === 'first_reply_time');
        if (before === undefined || !ranked(before.state) || before.dueAt === null) return;
        // The same ticket, its priority changed `laterBy` after the first look and assessed at that moment.
        const later = new Date(now.getTime() + laterBy);
        const changed: TicketSnapshot = {
          ...ticket,
          priority: to,
          changes: [{ at: later.toISOString(), field: 'priority', from: ticket.priority, to }],
        };
        const after = slaStatuses(changed, GITLAB_POLICY, later).find((s) => s.metric === 'first_reply_time');
        if (after === undefined) throw new Error('no first-reply status after the change');
        if (ranked(after.state) && RANK[after.state] >= RANK[before.state]) return;
        steppedBack += 1;
        // Stepping back means a later deadline (never a vanished one), and the change that moved it is listed.
        expect(['active', 'warning']).toContain(after.state);
        expect(Date.parse(after.dueAt ?? '')).toBeGreaterThan(Date.parse(before.dueAt));
        expect(after.deadlineChanges.at(-1)).toEqual({
          at: later.toISOString(),
          from: before.dueAt,
          to: after.dueAt,
          reason: expect.stringMatching(new RegExp(`^Priority ${ticket.priority} → ${to} at .*; due moved from `)),
        });
      }),
      { numRuns: 400 },
    );
    // Not vacuous: lowering the priority of a ticket near or past its deadline happens in many runs.
    expect(steppedBack).toBeGreaterThan(10);
  });

  it('#38 a form move that changes the plan is never back-dated: due no earlier than the change or the deadline shown before, and the move is listed', () => {
    let late = 0;
    fc.assert(
      fc.property(unansweredArb, fc.constantFrom(360000071293, 360001264259), laterByArb, ({ ticket, now }, to, laterBy) => {
        const before = slaStatuses(ticket, GITLAB_POLICY, now).find((s) => s.metric === 'first_reply_time');
        if (before === undefined || before.dueAt === null) return;
        // The Premium ticket on Self-Managed moved to L&R or Emergencies `laterBy` after the first look.
        const later = new Date(now.getTime() + laterBy);
        const moved: TicketSnapshot = {
          ...ticket,
          formId: to,
          changes: [{ at: later.toISOString(), field: 'form', from: String(ticket.formId), to: String(to) }],
        };
        const after = slaStatuses(moved, GITLAB_POLICY, later).find((s) => s.metric === 'first_reply_time');
        if (after?.dueAt == null) throw new Error('no first-reply deadline after the move');
        expect(Date.parse(after.dueAt)).toBeGreaterThanOrEqual(Math.min(Date.parse(before.dueAt), later.getTime()));
        if (after.dueAt === later.toISOString()) late += 1;
        expect(after.deadlineChanges.at(-1)).toEqual({
          at: later.toISOString(),
          from: before.dueAt,
          to: after.dueAt,
          reason: expect.stringMatching(/^Form Self-Managed → (L&R|Emergencies) at .*; due moved from /),
        });
      }),
      { numRuns: 300 },
    );
    // Not vacuous: a move to a target already past (breached at the move) happens in many runs.
    expect(late).toBeGreaterThan(10);
  });
});

describe('property: pauses against a whole-millisecond reference', () => {
  // Urgent Priority Support runs 30 min on 24x7 (always open), so the reference is plain arithmetic on the instant
  // timeline: the deadline is where 30 min of running (not pending) time have elapsed since creation.
  const pausingFrt = slaTestPolicy({ clock: { pauseOn: { first_reply_time: ['pending'] } } });
  const BUDGET_MS = 30 * 60_000;
  const createdMs = Date.parse('2026-12-01T17:00:00Z');
  type StatusChange = { at: string; field: 'status'; from: string; to: string };

  /** Where the budget runs out, walking the running spans in whole milliseconds; null while a pause holds it. */
  function referenceDue(changes: readonly StatusChange[], status: string): number | null {
    let left = BUDGET_MS;
    let cursor = createdMs;
    let running = true;
    for (const c of [...changes, null]) {
      const end = c === null ? Infinity : Date.parse(c.at);
      if (c === null) running = status === 'open';
      if (running) {
        if (end - cursor >= left) return cursor + left;
        left -= end - cursor;
      }
      cursor = end;
      if (c !== null) running = c.to === 'open';
    }
    return null;
  }

  it('the deadline (or the pause that holds it) matches the reference, also when a pause starts exactly as the budget runs out', () => {
    fc.assert(
      fc.property(
        // Status toggles open ↔ pending at whole-second gaps (Zendesk's timestamps), most of them short.
        fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 0, maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 4 * 3600 }),
        (gaps, pauseAtDue, nowAfter) => {
          const changes: StatusChange[] = [];
          let t = createdMs;
          gaps.forEach((gap, i) => {
            t += gap * 1000;
            const to = i % 2 === 0 ? 'pending' : 'open';
            changes.push({ at: new Date(t).toISOString(), field: 'status', from: to === 'pending' ? 'open' : 'pending', to });
          });
          let status: 'open' | 'pending' = gaps.length % 2 === 1 ? 'pending' : 'open';
          const due = referenceDue(changes, status);
          if (pauseAtDue && status === 'open' && due !== null && due > t) {
            // The ticket goes pending at the very instant its budget runs out: that instant is still the deadline.
            changes.push({ at: new Date(due).toISOString(), field: 'status', from: 'open', to: 'pending' });
            status = 'pending';
            t = due;
          }
          const nowMs = t + nowAfter * 1000;
          const ticket = highTicket({ priority: 'urgent', status, createdAt: new Date(createdMs).toISOString(), changes });
          const frt = slaStatuses(ticket, pausingFrt, new Date(nowMs)).find((s) => s.metric === 'first_reply_time');
          if (due === null) {
            expect(frt).toMatchObject({ state: 'paused', dueAt: null });
          } else {
            expect(frt?.dueAt).toBe(new Date(due).toISOString());
            if (nowMs >= due) expect(frt?.state).toBe('breached');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
