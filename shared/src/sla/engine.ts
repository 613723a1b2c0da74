import { ownValue } from '../policy/own-value.js';
import { businessMinutesBetween, formatBusinessDuration, tryAddBusinessMinutes } from '../business-time/index.js';
import { isFinishedStatus, SLA_METRICS, WEEKDAYS, type Priority, type SlaMetric } from '../schemas/common.js';
import { CALENDAR, type Plan, type Policy, type SlaTarget } from '../schemas/policy.js';
import type { Schedule } from '../schemas/schedule.js';
import type { DeadlineChange, SlaState, SlaStatus } from '../schemas/assessment.js';
import type { CommentEvent, FieldChange, TicketSnapshot } from '../schemas/ticket.js';
import { formatSlaInstant, metricLabel, policyZone, capitalise } from './format.js';
import { resolvePlan, type PlanResolution } from './plan.js';
import { runningClockState } from './state.js';
import { formOf } from '../triage/rules.js';
import {
  currentOrganizationChange,
  formEpochs,
  iso,
  pausedSpans,
  priorityEpochs,
  publicComments,
  runningSpans,
  solveInstants,
  solvesAndReopens,
  toMs,
  type Span,
  type TimedComment,
} from './timeline.js';

const MS_PER_MINUTE = 60_000;

/** 24/7 in UTC: business minutes on it are wall-clock minutes, which is what a `calendar` target counts. */
const CALENDAR_SCHEDULE: Schedule = {
  id: CALENDAR,
  name: '24/7 calendar time',
  timeZone: 'UTC',
  intervals: WEEKDAYS.map((day) => ({
    day,
    start: '00:00',
    end: '24:00',
  })),
  holidays: [],
};

/** The schedule a target runs on for this ticket, after the regional override. */
interface ResolvedSchedule {
  id: string;
  name: string;
  schedule: Schedule;
  /** Zone explanations are written in. */
  zone: string;
  calendar: boolean;
}

/** Open all day every day with no holidays: an around-the-clock schedule a region must not narrow. */
function isAroundTheClock(schedule: Schedule): boolean {
  if (schedule.holidays.length > 0) return false;
  const days = new Set(
    schedule.intervals.filter((i) => i.start === '00:00' && (i.end === '24:00' || i.end === '23:59')).map((i) => i.day),
  );
  return days.size === 7;
}

/**
 * The target's schedule, or the ticket region's schedule when the policy maps regions for this metric. An
 * around-the-clock target (urgent on 24x7, or `calendar`) keeps its own schedule: a region never narrows it.
 */
function resolveSchedule(policy: Policy, ticket: TicketSnapshot, target: SlaTarget): ResolvedSchedule | null {
  let id = target.schedule;
  const regional = policy.clock.regionalSchedules;
  if (id !== CALENDAR && regional !== null && ticket.region !== null && regional.metrics.includes(target.metric)) {
    const base = policy.schedules.find((s) => s.id === id);
    const byRegion = ownValue(regional.byRegion, ticket.region);
    if (base !== undefined && !isAroundTheClock(base) && byRegion !== undefined) id = byRegion;
  }
  if (id === CALENDAR) {
    return { id, name: CALENDAR_SCHEDULE.name, schedule: CALENDAR_SCHEDULE, zone: policyZone(policy), calendar: true };
  }
  const schedule = policy.schedules.find((s) => s.id === id);
  if (schedule === undefined) return null;
  return { id, name: schedule.name, schedule, zone: schedule.timeZone, calendar: false };
}

function findTarget(policy: Policy, plan: Plan, priority: Priority | null, metric: SlaMetric): SlaTarget | null {
  if (priority === null) return null;
  return policy.slaTargets.find((t) => t.plan === plan.id && t.priority === priority && t.metric === metric) ?? null;
}

/**
 * When `minutes` of running business time have elapsed, walking the running spans in order; null when the clock
 * is paused now before the budget is used up, or the schedule has no open time.
 */
function dueFor(schedule: Schedule, running: readonly Span[], minutes: number): number | null {
  // Whole milliseconds, as the business-time engine counts: subtracting fractional minutes span by span drifted by
  // the last bit, so a budget used up exactly at a pause's start slid past the pause.
  let left = Math.round(minutes * MS_PER_MINUTE);
  const addFrom = (a: number) => tryAddBusinessMinutes(schedule, new Date(a), left / MS_PER_MINUTE)?.getTime() ?? null;
  for (const [a, b] of running) {
    if (b === Infinity) return addFrom(a);
    const available = Math.round(businessMinutesBetween(schedule, new Date(a), new Date(b)) * MS_PER_MINUTE);
    if (available >= left) return addFrom(a);
    left -= available;
  }
  return null;
}

/** Business minutes the clock ran between its start and `endMs`. */
function elapsedFor(schedule: Schedule, running: readonly Span[], endMs: number): number {
  let total = 0;
  for (const [a, b] of running) {
    if (a >= endMs) break;
    total += businessMinutesBetween(schedule, new Date(a), new Date(Math.min(b, endMs)));
  }
  return total;
}

/** One measurement of a metric: from its start to its fulfilment (null: still open). */
interface Cycle {
  startMs: number;
  fulfilledMs: number | null;
  /** Why the clock started at `startMs` rather than at the event the metric names (a reopen), for the explanation. */
  restarted?: string | undefined;
}

type CycleOrNone = { cycle: Cycle } | { none: string };

interface Context {
  ticket: TicketSnapshot;
  policy: Policy;
  nowMs: number;
  resolution: PlanResolution;
  /** The plans the form history implies, oldest first; the last is `resolution`. */
  plans: PlanEpoch[];
  comments: TimedComment[];
  /** The public agent comment that fulfils first reply time, if any. */
  firstReply: TimedComment | null;
  solved: boolean;
}

const isAgent = (c: TimedComment) => c.comment.authorRole === 'agent';

/**
 * The first reply: the first public comment by an agent at or after creation. Internal notes, bots and system
 * messages never count (SLA-EDGE-CASES #46). On an agent-created ticket the creating comment (the submitter's own
 * comment at creation) is not a reply: the next public agent comment is (#50).
 */
function findFirstReply(ticket: TicketSnapshot, comments: TimedComment[]): TimedComment | null {
  const createdMs = toMs(ticket.createdAt);
  const submitter = ticket.submitter;
  let creating: CommentEvent | undefined;
  if (submitter !== undefined && submitter.role !== 'end-user') {
    // Looked up among all comments, internal ones included: when the ticket was created with an internal note, that
    // note is the creating comment and an agent's public comment a few seconds later is already the reply.
    creating = ticket.comments
      .map((comment, i) => ({ comment, ms: toMs(comment.createdAt), i }))
      .filter(
        (c) =>
          c.comment.authorRole === 'agent' &&
          Number.isFinite(c.ms) &&
          c.ms <= createdMs + MS_PER_MINUTE &&
          (c.comment.authorId === undefined || c.comment.authorId === submitter.id),
      )
      .sort((a, b) => a.ms - b.ms || a.i - b.i)[0]?.comment;
  }
  return comments.find((c) => c.comment !== creating && isAgent(c) && c.ms >= createdMs) ?? null;
}

function cycleFor(ctx: Context, metric: SlaMetric, zone: string): CycleOrNone {
  const { ticket, comments, firstReply, solved } = ctx;
  const fmt = (ms: number) => formatSlaInstant(new Date(ms), zone);
  if (metric === 'first_reply_time') {
    const startMs = toMs(ticket.createdAt);
    if (firstReply !== null) return { cycle: { startMs, fulfilledMs: firstReply.ms } };
    if (solved) {
      return { none: `No running clock: the ticket is ${ticket.status} without a public agent reply, so first reply time was not achieved` };
    }
    return { cycle: { startMs, fulfilledMs: null } };
  }
  // Before the first reply only first reply time applies, even when a later metric's target is shorter (#44).
  if (firstReply === null) return { none: `Starts after the first public agent reply; until then only first reply time applies` };
  const after = comments.slice(comments.indexOf(firstReply) + 1);
  if (metric === 'next_reply_time') {
    // A solve ends the wait on the oldest unanswered customer comment (the clock stopped then, not achieved): after a
    // reopen the next reply runs from the first customer comment after the solve, never from one before it, or the
    // time spent Solved would count and the breach be back-dated (#28, #53). First reply time is not restarted by a
    // solve: it counts from creation until the first public agent reply, as Zendesk measures it.
    const solves = solveInstants(ticket);
    let pending: number | null = null;
    let last: Cycle | null = null;
    /** The latest solve that left a customer comment unanswered, when nothing was said since. */
    let unanswered: { commentMs: number; solvedMs: number } | null = null;
    let s = 0;
    // Comments and solves in time order (one step past the last comment takes the solves after it). A comment in the
    // same update as a solve (the same instant) comes first: a reply then answers, a customer's comment is left
    // unanswered by the solve.
    for (let i = 0; i <= after.length; i += 1) {
      const c = after[i];
      const ms = c === undefined ? Infinity : c.ms;
      for (; s < solves.length && (solves[s] as number) < ms; s += 1) {
        if (pending !== null) unanswered = { commentMs: pending, solvedMs: solves[s] as number };
        pending = null;
      }
      if (c === undefined) break;
      if (c.comment.authorRole === 'end-user') {
        pending ??= c.ms;
        unanswered = null;
      } else if (isAgent(c) && pending !== null) {
        last = { startMs: pending, fulfilledMs: c.ms };
        pending = null;
      }
    }
    if (pending !== null) {
      if (solved) {
        return { none: `No running clock: the ticket is ${ticket.status} without a reply to the customer's comment of ${fmt(pending)}, so next reply time was not achieved` };
      }
      return { cycle: { startMs: pending, fulfilledMs: null } };
    }
    if (unanswered !== null) {
      const { commentMs, solvedMs } = unanswered;
      if (solved) {
        return { none: `No running clock: the ticket is ${ticket.status} without a reply to the customer's comment of ${fmt(commentMs)}, so next reply time was not achieved` };
      }
      return { none: `No next-reply clock: the ticket was solved ${fmt(solvedMs)} without a reply to the customer's comment of ${fmt(commentMs)} (next reply time not achieved); it starts again at the customer's next comment` };
    }
    if (last !== null) return { cycle: last };
    return { none: 'No next-reply clock: the agent spoke last' };
  }
  return periodicCycle(ctx, [firstReply, ...after.filter(isAgent)], fmt);
}

/** Where a running clock started, and why there when not at the metric's own event. */
interface ClockStart {
  ms: number;
  restarted?: string;
}

/**
 * periodic_update_time: from each public agent comment to the next one. A solve stops the clock (DOMAIN.md §8
 * "Solved: timers stop"; ZENDESK.md §5: no timer while Solved) and the update is owed again from the reopen, not from
 * the last update before the solve: as for next reply time (#28, #53), the time spent Solved never counts, or a
 * reopened ticket would show a periodic-update breach back-dated into its Solved days the moment it reopens.
 */
function periodicCycle(ctx: Context, updates: readonly TimedComment[], fmt: (ms: number) => string): CycleOrNone {
  const { ticket, solved } = ctx;
  // At one instant the update comes first (a reply in the solving update is the last update before the solve; one in
  // the reopening update is said while solved, the reopen starting the clock); solves and reopens keep their recorded
  // order (the sort is stable).
  const statusEvents = solvesAndReopens(ticket);
  const events = [...updates.map((c) => ({ ms: c.ms, kind: 'update' as const })), ...statusEvents];
  events.sort((a, b) => a.ms - b.ms || Number(a.kind !== 'update') - Number(b.kind !== 'update'));
  const firstMs = updates[0]?.ms ?? Infinity;
  // Open now while the history ends solved (the reopen is not recorded): the snapshot's status holds from the last
  // recorded change, as the pause spans read it, so that solve is read as its own reopen: the clock runs from it,
  // never from an update before it, and an update after it is made on an open ticket.
  const lastStatus = statusEvents.at(-1);
  const unrecordedReopen = !solved && lastStatus?.kind === 'solve' ? lastStatus : null;
  /** The running clock's start; null while solved (and before the first reply). */
  let running: ClockStart | null = null;
  /**
   * The solve the ticket is in until a reopen (an agent comment on a Solved ticket does not reopen it); `ms` null when
   * the history starts with a reopen: solved since before its first recorded change (created solved, history cut).
   */
  let solvedAt: { ms: number | null } | null = statusEvents[0]?.kind === 'reopen' ? { ms: null } : null;
  let last: Cycle | null = null;
  for (const e of events) {
    if (e.kind === 'update') {
      // Said while Solved: no update was owed, and the next one is owed from the reopen (even one in the same update).
      if (solvedAt !== null) continue;
      if (running !== null) last = { startMs: running.ms, fulfilledMs: e.ms, restarted: running.restarted };
      running = { ms: e.ms };
    } else if (e === unrecordedReopen) {
      running = e.ms >= firstMs ? { ms: e.ms, restarted: 'at the solve (the ticket is open again, its reopen not in the history)' } : null;
      solvedAt = null;
    } else if (e.kind === 'solve') {
      solvedAt = { ms: e.ms };
      running = null;
    } else {
      // A reopen restarts the clock whether or not its solve was recorded: the time before it was solved either way.
      if (e.ms >= firstMs) {
        const solve = solvedAt?.ms == null ? 'its solve not in the history' : `solved ${fmt(solvedAt.ms)}`;
        running = { ms: e.ms, restarted: `at the reopen (${solve}; the time solved does not count)` };
      }
      solvedAt = null;
    }
  }
  if (solved) {
    if (last !== null) return { cycle: last };
  } else if (running !== null) {
    return { cycle: { startMs: running.ms, fulfilledMs: null, restarted: running.restarted } };
  }
  return { none: `No running clock: the ticket is ${ticket.status}, so no further update is due` };
}

/**
 * Pause abuse (#30): the ticket waits on the customer (Pending) although the customer has answered an agent since.
 */
function stalePendingNote(ctx: Context, fmt: (ms: number) => string): string | null {
  if (ctx.ticket.status !== 'pending') return null;
  const talk = ctx.comments.filter((c) => c.comment.authorRole === 'end-user' || isAgent(c));
  const last = talk[talk.length - 1];
  if (last === undefined || last.comment.authorRole !== 'end-user' || !talk.some(isAgent)) return null;
  return `the ticket is pending but the customer replied last (${fmt(last.ms)}): check the status`;
}

function noneStatus(metric: SlaMetric, explanation: string, target: SlaStatus['target'] = null): SlaStatus {
  return {
    metric,
    state: 'none',
    target,
    startedAt: null,
    engineDueAt: null,
    zendeskBreachAt: null,
    dueAt: null,
    fulfilledAt: null,
    pausedSince: null,
    businessMinutesElapsed: null,
    businessMinutesLeft: null,
    explanation,
    deadlineChanges: [],
    disagreement: null,
    reminderAt: [],
  };
}

function targetText(minutes: number, schedule: ResolvedSchedule): string {
  const duration = formatBusinessDuration(minutes);
  return schedule.calendar ? `${duration} (24/7 calendar time)` : `${duration} of business time on ${schedule.name}`;
}

/** A plan in force from `atMs` (the first one from the start). */
interface PlanEpoch {
  atMs: number;
  resolution: PlanResolution;
  /** The form change that brought this plan; null for the plan at creation. */
  change: FieldChange | null;
}

/**
 * The plans the ticket's form history implies, one entry per change of plan. A form move changes the plan when the
 * plan rules read the form (L&R, Emergencies): the plan before it is the resolver's answer with the ticket's form set
 * to the move's `from`, its organization and tags as they are now (the association tells the organization's own
 * history). A form that resolves to the ticket's own plan gets the resolution passed in (a preview may force one), so
 * a move between forms of one plan is no change at all.
 */
function planEpochs(ticket: TicketSnapshot, policy: Policy, current: PlanResolution): PlanEpoch[] {
  const forms = formEpochs(ticket);
  if (forms.length === 1) return [{ atMs: -Infinity, resolution: current, change: null }];
  const own = resolvePlan(ticket, policy).plan.id;
  const out: PlanEpoch[] = [];
  forms.forEach((f, i) => {
    let resolution = current;
    if (i < forms.length - 1 && f.value !== ticket.formId) {
      const then = resolvePlan({ ...ticket, formId: f.value }, policy);
      if (then.plan.id !== own) resolution = then;
    }
    const prev = out[out.length - 1];
    if (prev === undefined) out.push({ atMs: -Infinity, resolution, change: null });
    else if (resolution.plan.id !== prev.resolution.plan.id) out.push({ atMs: f.atMs, resolution, change: f.change });
  });
  return out;
}

function planAt(plans: readonly PlanEpoch[], atMs: number): PlanResolution | undefined {
  let found = plans[0];
  for (const p of plans) if (p.atMs <= atMs) found = p;
  return found?.resolution;
}

/** From `atMs`, the priority and plan in force, and what changed then (both may, in one update). */
interface Breakpoint {
  atMs: number;
  priority: Priority | null;
  plan: Plan;
  priorityChanged: boolean;
  /** The form move that changed the plan at `atMs`, if any. */
  formChange: FieldChange | null;
}

/** The priority history with the plan changes merged in; a priority change and a form move at one instant are one. */
function breakpoints(ticket: TicketSnapshot, plans: readonly PlanEpoch[]): Breakpoint[] {
  const priorities = priorityEpochs(ticket);
  const initial = plans[0];
  if (initial === undefined) return [];
  if (plans.length === 1) {
    const plan = initial.resolution.plan;
    return priorities.map((e) => ({ atMs: e.atMs, priority: e.value, plan, priorityChanged: e.change !== null, formChange: null }));
  }
  const out: Breakpoint[] = [];
  let p = 0;
  let q = 0;
  let priority: Priority | null = null;
  let plan = initial.resolution.plan;
  while (p < priorities.length || q < plans.length) {
    const atMs = Math.min(priorities[p]?.atMs ?? Infinity, plans[q]?.atMs ?? Infinity);
    let priorityChanged = false;
    let formChange: FieldChange | null = null;
    for (let e = priorities[p]; e !== undefined && e.atMs === atMs; e = priorities[++p]) {
      priority = e.value;
      priorityChanged ||= e.change !== null;
    }
    for (let e = plans[q]; e !== undefined && e.atMs === atMs; e = plans[++q]) {
      plan = e.resolution.plan;
      formChange = e.change;
    }
    out.push({ atMs, priority, plan, priorityChanged, formChange });
  }
  return out;
}

/** One epoch of a cycle (a priority and a plan in force), with the deadline it implies. */
interface Epoch {
  atMs: number;
  priority: Priority | null;
  plan: Plan;
  priorityChanged: boolean;
  formChange: FieldChange | null;
  target: SlaTarget | null;
  schedule: ResolvedSchedule | null;
  clockStartMs: number;
  running: Span[];
  dueMs: number | null;
  /** The recomputed deadline was already past at the change: breached at the change, not back-dated (#38). */
  lateAtChange: boolean;
}

function epochsFor(ctx: Context, metric: SlaMetric, cycle: Cycle, paused: Span[], planStartMs: number | null): Epoch[] {
  const { ticket, policy, nowMs } = ctx;
  const all = breakpoints(ticket, ctx.plans);
  let first = 0;
  all.forEach((e, i) => {
    if (e.atMs <= cycle.startMs) first = i;
  });
  const endMs = cycle.fulfilledMs ?? nowMs;
  const inCycle = all
    .slice(first)
    .filter((e, i) => i === 0 || (cycle.fulfilledMs === null ? e.atMs <= endMs : e.atMs < endMs));
  const restart = policy.clock.onPriorityChange === 'restart';
  let clockStartMs = cycle.startMs;
  const epochs = inCycle.map((e, i) => {
    const atMs = i === 0 ? cycle.startMs : e.atMs;
    const target = findTarget(policy, e.plan, e.priority, metric);
    const schedule = target === null ? null : resolveSchedule(policy, ticket, target);
    // `restart` is the option for a priority (severity) change; a plan a form move brings counts from the clock start
    // (restarted or not), as Zendesk applies a policy and as the association does.
    if (i > 0 && restart && e.priorityChanged) clockStartMs = atMs;
    const running = runningSpans(paused, clockStartMs);
    let dueMs = target !== null && schedule !== null ? dueFor(schedule.schedule, running, target.minutes) : null;
    let lateAtChange = false;
    // A priority change or a form move that makes the ticket late is breached at the change, not back-dated (#38).
    // Before the plan applied (planStartMs) a change cannot make the ticket late: there was no deadline.
    if (i > 0 && dueMs !== null && dueMs < atMs && (planStartMs === null || atMs > planStartMs)) {
      dueMs = atMs;
      lateAtChange = true;
    }
    const { priority, plan, priorityChanged, formChange } = e;
    return { atMs, priority, plan, priorityChanged, formChange, target, schedule, clockStartMs, running, dueMs, lateAtChange };
  });
  // A plan applied when its target was already past is breached then, not back-dated (#38), as for a priority change.
  const inForce = planStartMs === null ? undefined : epochInForce(epochs, planStartMs);
  if (planStartMs !== null && inForce !== undefined && inForce.dueMs !== null && inForce.dueMs < planStartMs) inForce.dueMs = planStartMs;
  return epochs;
}

function epochInForce(epochs: readonly Epoch[], atMs: number): Epoch | undefined {
  let found = epochs[0];
  for (const e of epochs) if (e.atMs <= atMs) found = e;
  return found;
}

/** A form change's value (an id as text) by the policy's name, else as recorded. */
function formName(policy: Policy, value: string | null): string {
  if (value === null) return 'none';
  return formOf(policy, Number(value))?.name ?? value;
}

function changeReason(policy: Policy, prev: Epoch, next: Epoch, zone: string, restart: boolean): string {
  const fmt = (ms: number | null) => (ms === null ? 'none' : formatSlaInstant(new Date(ms), zone));
  const minutes = (e: Epoch) => (e.target === null ? 'no target' : formatBusinessDuration(e.target.minutes));
  const full = (e: Epoch) => (e.target === null || e.schedule === null ? 'none' : targetText(e.target.minutes, e.schedule));
  const moves: string[] = [];
  if (next.priorityChanged || next.formChange === null) moves.push(`priority ${prev.priority ?? 'none'} → ${next.priority ?? 'none'}`);
  if (next.formChange !== null) moves.push(`form ${formName(policy, next.formChange.from)} → ${formName(policy, next.formChange.to)}`);
  const what = `${capitalise(moves.join(' and '))} at ${fmt(next.atMs)}`;
  // A form move changes the plan, and with it perhaps the schedule: name both.
  const target =
    next.formChange === null
      ? `target ${minutes(prev)} → ${minutes(next)}`
      : `${prev.plan.name} → ${next.plan.name}, target ${full(prev)} → ${full(next)}`;
  const how = restart && next.priorityChanged ? 'clock restarted at the change' : 'recomputed from the clock start, elapsed time kept';
  let reason = `${what}: ${target} (${how}); due moved from ${fmt(prev.dueMs)} to ${fmt(next.dueMs)}`;
  if (next.lateAtChange) reason += '; already past the new target, so breached at the change';
  if (prev.dueMs !== null && prev.dueMs <= next.atMs && !next.lateAtChange) {
    reason += `; the breach at ${fmt(prev.dueMs)} stays in history`;
  }
  return reason;
}

/** The plan's rule reads the organization: without one the ticket had no deadline from it. */
function dependsOnOrganization(resolution: PlanResolution | undefined): boolean {
  const when = resolution?.rule?.when;
  return when !== undefined && (when.hasOrganization === true || when.organizationTagsAny !== undefined || when.organizationField !== undefined);
}

/**
 * When the plan started to apply within the cycle (epoch ms), or null: the association of the ticket's organization
 * within the cycle (the triage fix "associate organization"), when the rule of the plan in force at the association
 * depends on the organization (a plan chosen by form alone applied before it too). Zendesk applies a policy at the
 * update that makes the ticket match it, with its target counted from the clock start. A form move that changes the
 * plan is a change of epoch (told like a priority change), not a start: the plan before it is known.
 */
function planStartIn(ctx: Context, cycle: Cycle): number | null {
  if (ctx.plans.length === 1 && !dependsOnOrganization(ctx.resolution)) return null;
  const change = currentOrganizationChange(ctx.ticket);
  // From another organization the plan may well have applied before (same plan, or a rule on `hasOrganization` only),
  // and that organization's plan is not known here: only an association from none is the plan's start.
  if (change === null || change.from !== null) return null;
  // In one update with a form move (the one-click fix), the plan after the update is the one that started.
  if (!dependsOnOrganization(planAt(ctx.plans, change.atMs))) return null;
  const endMs = cycle.fulfilledMs ?? ctx.nowMs;
  const inCycle = change.atMs > cycle.startMs && (cycle.fulfilledMs === null ? change.atMs <= endMs : change.atMs < endMs);
  return inCycle ? change.atMs : null;
}

/**
 * The association as a deadline change. `from` is null: without the organization there was no deadline from this
 * plan. A target already past at the association is breached then (#38): `to` is that instant, and the reason says
 * when it would have been due.
 */
function planStartChange(ctx: Context, startMs: number, epochs: readonly Epoch[], zone: string): DeadlineChange | null {
  const organization = ctx.ticket.organization;
  const epoch = epochInForce(epochs, startMs);
  if (organization === null || epoch === undefined || epoch.target === null || epoch.schedule === null) return null;
  const fmt = (ms: number) => formatSlaInstant(new Date(ms), zone);
  let reason = `Organization ${organization.name} associated at ${fmt(startMs)}: ${epoch.plan.name} applies, ${targetText(epoch.target.minutes, epoch.schedule)} from the clock start ${fmt(epoch.clockStartMs)}`;
  const dueMs = dueFor(epoch.schedule.schedule, epoch.running, epoch.target.minutes);
  if (dueMs === null) reason += '; no due time while the clock is stopped';
  else if (dueMs < startMs) reason += `; it was due ${fmt(dueMs)}, already past at the association, so breached then`;
  else reason += `; due ${fmt(dueMs)}`;
  return { at: iso(startMs), reason, from: null, to: epoch.dueMs === null ? null : iso(epoch.dueMs) };
}

function statusFor(ctx: Context, metric: SlaMetric): SlaStatus {
  const { ticket, policy, nowMs } = ctx;
  const plan = ctx.resolution.plan;
  const current = findTarget(policy, plan, ticket.priority, metric);
  const currentSchedule = current === null ? null : resolveSchedule(policy, ticket, current);
  if (current === null || currentSchedule === null) {
    const why =
      current === null
        ? `${plan.name} has no ${metricLabel(metric)} target for ${ticket.priority ?? 'no'} priority`
        : `schedule "${current.schedule}" is not in the policy`;
    return noneStatus(metric, `No SLA: ${why}`);
  }
  const targetInfo = {
    plan: plan.id,
    priority: current.priority,
    minutes: current.minutes,
    schedule: currentSchedule.id,
    scheduleName: currentSchedule.name,
    source: current.source,
  };
  const zone = currentSchedule.zone;
  const fmt = (ms: number) => formatSlaInstant(new Date(ms), zone);
  const found = cycleFor(ctx, metric, zone);
  if ('none' in found) return noneStatus(metric, found.none, targetInfo);
  const { cycle } = found;

  const paused = pausedSpans(ticket, policy.clock.pauseOn[metric] ?? []);
  const planStartMs = planStartIn(ctx, cycle);
  const epochs = epochsFor(ctx, metric, cycle, paused, planStartMs);
  const restart = policy.clock.onPriorityChange === 'restart';
  const deadlineChanges: DeadlineChange[] = [];
  for (let i = 1; i < epochs.length; i += 1) {
    const prev = epochs[i - 1];
    const next = epochs[i];
    if (prev === undefined || next === undefined) continue;
    // A move before the plan applied moved no deadline of this plan: the association says what applies.
    if (planStartMs !== null && next.atMs <= planStartMs) continue;
    deadlineChanges.push({
      at: iso(next.atMs),
      reason: changeReason(policy, prev, next, zone, restart),
      from: prev.dueMs === null ? null : iso(prev.dueMs),
      to: next.dueMs === null ? null : iso(next.dueMs),
    });
  }
  const associated = planStartMs === null ? null : planStartChange(ctx, planStartMs, epochs, zone);
  if (associated !== null) {
    deadlineChanges.push(associated);
    deadlineChanges.sort((a, b) => toMs(a.at) - toMs(b.at));
  }
  const epoch = epochs[epochs.length - 1];
  // A fulfilled cycle is judged by the priority and plan in force when it was fulfilled, which may differ from today's.
  if (epoch === undefined || epoch.target === null || epoch.schedule === null) {
    const name = (epoch?.plan ?? plan).name;
    return { ...noneStatus(metric, `No SLA: ${name} had no ${metricLabel(metric)} target for ${epoch?.priority ?? 'no'} priority`, targetInfo), deadlineChanges };
  }
  const target = epoch.target;
  const schedule = epoch.schedule;
  const info = { ...targetInfo, plan: epoch.plan.id, priority: target.priority, minutes: target.minutes, schedule: schedule.id, scheduleName: schedule.name };
  const endMs = cycle.fulfilledMs ?? nowMs;
  const elapsed = elapsedFor(schedule.schedule, epoch.running, endMs);
  const engineDueMs = epoch.dueMs;
  const pausedNow = cycle.fulfilledMs === null ? paused.find(([a, b]) => a <= nowMs && nowMs < b) : undefined;
  const pausedSinceMs = pausedNow === undefined ? null : Math.max(pausedNow[0], epoch.clockStartMs);

  // Zendesk's breach_at is the countdown's truth when it has one (ZENDESK.md §5).
  const zd = ticket.slas.find((s) => s.metric === metric);
  const zdBreachMs = zd?.breachAt ? toMs(zd.breachAt) : null;
  const zendeskBreachMs = zdBreachMs !== null && Number.isFinite(zdBreachMs) ? zdBreachMs : null;
  const dueMs = zendeskBreachMs ?? engineDueMs;
  const notes: string[] = [];

  let state: SlaState;
  if (cycle.fulfilledMs !== null || zd?.stage === 'achieved') {
    state = 'achieved';
    if (cycle.fulfilledMs === null) notes.push(`Zendesk reports it achieved; our model found no qualifying public agent reply`);
  } else if (dueMs !== null && nowMs >= dueMs) {
    state = 'breached';
  } else if (zd?.stage === 'paused' || (pausedNow !== undefined && zendeskBreachMs === null)) {
    state = 'paused';
  } else if (dueMs === null) {
    return { ...noneStatus(metric, `No deadline: ${schedule.name} has no open time ahead`, info), startedAt: iso(cycle.startMs), deadlineChanges };
  } else {
    // Not yet due (breached is decided above, before a pause can hide it).
    state = runningClockState(dueMs, nowMs, policy.warnings.warningWindowMinutes);
  }
  const stale = stalePendingNote(ctx, fmt);
  if (stale !== null && state !== 'achieved') notes.push(stale);
  if (ticket.type === 'task' && zd === undefined && state !== 'achieved') {
    // Switching the type to Task is a known way to drop Zendesk's policy (#31): keep our deadline visible, say so.
    notes.push('type is Task and Zendesk reports no SLA for it: this deadline is our policy model’s only');
  }
  if (zd?.stage === 'active' && cycle.fulfilledMs !== null) {
    notes.push(`Zendesk still shows it running; our model counts the reply at ${fmt(cycle.fulfilledMs)}`);
  }

  let left: number | null;
  if (state === 'achieved') {
    left = dueMs !== null && cycle.fulfilledMs !== null ? between(schedule, cycle.fulfilledMs, dueMs) : null;
  } else if (state === 'paused') {
    left = target.minutes - elapsed;
  } else {
    left = dueMs === null ? null : between(schedule, nowMs, dueMs);
  }

  const disagreement =
    zendeskBreachMs !== null && engineDueMs !== null && Math.abs(zendeskBreachMs - engineDueMs) > MS_PER_MINUTE
      ? {
          zendeskBreachAt: iso(zendeskBreachMs),
          engineDueAt: iso(engineDueMs),
          minutesApart: Math.round(Math.abs(zendeskBreachMs - engineDueMs) / MS_PER_MINUTE),
          message: `Zendesk says due ${fmt(zendeskBreachMs)}; our policy model says ${fmt(engineDueMs)} — Zendesk's is used`,
        }
      : null;

  const parts = [`${capitalise(target.priority)} priority, ${epoch.plan.name}: ${targetText(target.minutes, schedule)}`];
  parts.push(
    epoch.clockStartMs !== cycle.startMs
      ? `clock restarted ${fmt(epoch.clockStartMs)} at the priority change`
      : cycle.restarted === undefined
        ? `clock started ${fmt(cycle.startMs)}`
        : `clock restarted ${fmt(cycle.startMs)} ${cycle.restarted}`,
  );
  if (state === 'achieved' && cycle.fulfilledMs !== null) {
    const late = dueMs !== null && cycle.fulfilledMs > dueMs;
    parts.push(
      dueMs === null
        ? `fulfilled ${fmt(cycle.fulfilledMs)}`
        : late
          ? `fulfilled ${fmt(cycle.fulfilledMs)}: achieved late, ${formatBusinessDuration(-(left ?? 0))} of business time after the deadline ${fmt(dueMs)}`
          : `fulfilled ${fmt(cycle.fulfilledMs)}: on time (due ${fmt(dueMs)})`,
    );
  } else if (state === 'paused') {
    const since = pausedSinceMs === null ? '' : ` since ${fmt(pausedSinceMs)}`;
    parts.push(`paused${since} (status ${ticket.status}); ${formatBusinessDuration(left ?? 0)} left when it resumes`);
  } else if (state === 'breached' && dueMs !== null) {
    parts.push(`was due ${fmt(dueMs)}: breached`);
  } else if (dueMs !== null) {
    parts.push(`due ${fmt(dueMs)}`);
  }
  parts.push(...notes);

  const runningNow = state === 'active' || state === 'warning' || state === 'breached';
  return {
    metric,
    state,
    target: info,
    startedAt: iso(cycle.startMs),
    engineDueAt: engineDueMs === null ? null : iso(engineDueMs),
    zendeskBreachAt: zendeskBreachMs === null ? null : iso(zendeskBreachMs),
    dueAt: dueMs === null ? null : iso(dueMs),
    fulfilledAt: cycle.fulfilledMs === null ? null : iso(cycle.fulfilledMs),
    pausedSince: state === 'paused' && pausedSinceMs !== null ? iso(pausedSinceMs) : null,
    businessMinutesElapsed: round(elapsed),
    businessMinutesLeft: left === null ? null : round(left),
    explanation: parts.join('; '),
    deadlineChanges,
    disagreement,
    reminderAt: runningNow && dueMs !== null ? reminders(ctx, metric, target, schedule, epoch.running, dueMs) : [],
  };
}

function between(schedule: ResolvedSchedule, fromMs: number, toMsValue: number): number {
  return businessMinutesBetween(schedule.schedule, new Date(fromMs), new Date(toMsValue));
}

/** Whole minutes and a little more are noise from millisecond maths: keep three decimals. */
function round(minutes: number): number {
  return Math.round(minutes * 1000) / 1000;
}

/**
 * Reminder instants: each `elapsedPercent` (that share of the target in running business time from the clock start,
 * so it lands in open time), each `minutesBefore` (wall-clock minutes before the deadline, like Zendesk's badge) and
 * the breach itself. Past reminders are kept: the caller fires those still ahead, and a breach a change just caused
 * (dated at the change, so already past when a replan reads it).
 */
function reminders(
  ctx: Context,
  metric: SlaMetric,
  target: SlaTarget,
  schedule: ResolvedSchedule,
  running: readonly Span[],
  dueMs: number,
): SlaStatus['reminderAt'] {
  const out: Array<{ atMs: number; label: string }> = [];
  for (const p of ctx.policy.warnings.elapsedPercent) {
    const at = dueFor(schedule.schedule, running, (target.minutes * p) / 100);
    if (at !== null && at < dueMs) out.push({ atMs: at, label: `${p}% of ${metricLabel(metric)} elapsed` });
  }
  for (const m of ctx.policy.warnings.minutesBefore) {
    out.push({ atMs: dueMs - m * MS_PER_MINUTE, label: `${formatBusinessDuration(m)} to breach` });
  }
  out.push({ atMs: dueMs, label: 'breached' });
  return out.sort((a, b) => a.atMs - b.atMs).map((r) => ({ at: iso(r.atMs), label: r.label }));
}

function noSlaReason(ticket: TicketSnapshot, resolution: PlanResolution): string | null {
  const { plan } = resolution;
  if (!plan.sla) {
    // The plan reason already names the plan ("organization X has tag trial → Trial (no SLA)").
    return ticket.organization === null ? 'No SLA: requester has no organization' : `No SLA: ${resolution.reason}`;
  }
  if (ticket.priority === null) return `No SLA: the ticket has no priority (${plan.name})`;
  return null;
}

/**
 * The ticket with recorded changes dated after `now` moved to `now`: they have happened (Zendesk recorded them), and
 * its clock runs a few seconds ahead of ours at times. Left in the future, the priority or status the snapshot already
 * has would only start later, and until then the clock would run on the one before.
 */
function changesUpTo(ticket: TicketSnapshot, nowMs: number): TicketSnapshot {
  if (!ticket.changes.some((c) => toMs(c.at) > nowMs)) return ticket;
  const at = iso(nowMs);
  return { ...ticket, changes: ticket.changes.map((c) => (toMs(c.at) > nowMs ? { ...c, at } : c)) };
}

/**
 * {@link slaStatuses} with the plan already resolved (the preview forces a plan). With `only`, the statuses are the
 * subset of the full answer for that metric (what-if previews read one metric; the others' explanations are not
 * built).
 */
export function statusesWithPlan(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  resolution: PlanResolution,
  only?: SlaMetric,
): SlaStatus[] {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs) || !Number.isFinite(toMs(ticket.createdAt))) {
    return [noneStatus('first_reply_time', 'No SLA: the ticket or the current time has no valid instant')];
  }
  const noSla = noSlaReason(ticket, resolution);
  if (noSla !== null) return [noneStatus('first_reply_time', noSla)];
  const metrics = SLA_METRICS.filter((m) => findTarget(policy, resolution.plan, ticket.priority, m) !== null);
  if (metrics.length === 0) {
    return [noneStatus('first_reply_time', `No SLA: ${resolution.plan.name} has no target for ${ticket.priority ?? 'no'} priority`)];
  }
  const comments = publicComments(ticket, nowMs);
  const upToNow = changesUpTo(ticket, nowMs);
  const ctx: Context = {
    ticket: upToNow,
    policy,
    nowMs,
    resolution,
    plans: planEpochs(upToNow, policy, resolution),
    comments,
    firstReply: findFirstReply(ticket, comments),
    solved: isFinishedStatus(ticket.status),
  };
  return (only === undefined ? metrics : metrics.filter((m) => m === only)).map((metric) => statusFor(ctx, metric));
}

/**
 * The SLA clocks of a ticket at `now`: one status per metric that has a target for the ticket's plan and priority,
 * in the order first_reply_time, next_reply_time, periodic_update_time. A ticket without an SLA (plan without one,
 * no priority, no target) gets a single `first_reply_time` status in state `none` saying why. Never throws.
 *
 * States: `achieved` once fulfilled (late fulfilment stays `achieved`, the lateness is in `explanation` and a negative
 * `businessMinutesLeft`); `breached` when `now ≥ dueAt`; `paused` while a pausing status holds; `warning` when the
 * deadline is at most `policy.warnings.warningWindowMinutes` wall-clock minutes away; else `active`.
 * `dueAt` is Zendesk's `breach_at` when the ticket carries one, else the engine's own deadline.
 * Pass `resolution` when the plan is already resolved for this ticket and policy (assess has it); `only` keeps one
 * metric's status (the others are not computed).
 */
export function slaStatuses(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  resolution: PlanResolution = resolvePlan(ticket, policy),
  only?: SlaMetric,
): SlaStatus[] {
  try {
    return statusesWithPlan(ticket, policy, now, resolution, only);
  } catch (error) {
    // The sidebar must render something for every ticket (#52): a bad schedule becomes a visible "none".
    const why = error instanceof Error ? error.message : String(error);
    return [noneStatus('first_reply_time', `No SLA: the SLA could not be computed (${why})`)];
  }
}
