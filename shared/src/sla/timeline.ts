import { isFinishedStatus, PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../schemas/common.js';
import type { CommentEvent, FieldChange, TicketSnapshot } from '../schemas/ticket.js';

/** A half-open interval of epoch milliseconds; `end` may be `Infinity` (still going). */
export type Span = readonly [start: number, end: number];

/** A comment with its instant parsed once. */
export interface TimedComment {
  comment: CommentEvent;
  ms: number;
}

// The same instants are converted again and again within an assessment (a deadline is also a reminder's, a
// change's and the explanation's), and across the tickets of a queue (their createdAt, the policy's boundaries):
// bounded memos make each conversion a map look-up (BENCHMARKS.md (b): `iso` alone was 11 % of `assess`).
const MEMO_LIMIT = 20_000;
const msByInstant = new Map<string, number>();
const isoByMs = new Map<number, string>();

export function toMs(instant: string): number {
  let ms = msByInstant.get(instant);
  if (ms === undefined) {
    if (msByInstant.size >= MEMO_LIMIT) msByInstant.clear();
    ms = new Date(instant).getTime();
    msByInstant.set(instant, ms);
  }
  return ms;
}

export function iso(ms: number): string {
  let text = isoByMs.get(ms);
  if (text === undefined) {
    if (isoByMs.size >= MEMO_LIMIT) isoByMs.clear();
    // Throws RangeError for NaN/Infinity exactly as before (nothing is remembered then).
    text = new Date(ms).toISOString();
    isoByMs.set(ms, text);
  }
  return text;
}

function changesOf(ticket: TicketSnapshot, field: FieldChange['field']): FieldChange[] {
  return ticket.changes
    .filter((c) => c.field === field && Number.isFinite(toMs(c.at)))
    .sort((a, b) => toMs(a.at) - toMs(b.at));
}

function asPriority(value: string | null | undefined): Priority | null {
  return value !== null && value !== undefined && (PRIORITIES as readonly string[]).includes(value)
    ? (value as Priority)
    : null;
}

function asStatus(value: string | null | undefined): TicketStatus | null {
  return value !== null && value !== undefined && (TICKET_STATUSES as readonly string[]).includes(value)
    ? (value as TicketStatus)
    : null;
}

/** One value of a field in force from `atMs` (the first entry is the value at creation). */
export interface FieldEpoch<T> {
  atMs: number;
  value: T;
  /** The change that started this epoch; null for the value at creation. */
  change: FieldChange | null;
}

/**
 * A field's history. The value before the first recorded change is that change's `from`; with no changes it is the
 * ticket's current value. The last epoch always carries `current` (the snapshot wins over a history that forgot a
 * change).
 */
function fieldEpochs<T>(ticket: TicketSnapshot, field: FieldChange['field'], parse: (value: string | null | undefined) => T, current: T): FieldEpoch<T>[] {
  const changes = changesOf(ticket, field);
  const first = changes[0];
  const epochs: FieldEpoch<T>[] = [{ atMs: -Infinity, value: first === undefined ? current : parse(first.from), change: null }];
  for (const change of changes) epochs.push({ atMs: toMs(change.at), value: parse(change.to), change });
  const last = epochs[epochs.length - 1];
  if (last !== undefined) last.value = current;
  return epochs;
}

/** The ticket's priority history (see {@link fieldEpochs}). */
export function priorityEpochs(ticket: TicketSnapshot): FieldEpoch<Priority | null>[] {
  return fieldEpochs(ticket, 'priority', asPriority, ticket.priority);
}

function asFormId(value: string | null | undefined): number | null {
  const id = value === null || value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The ticket's form history (see {@link fieldEpochs}). */
export function formEpochs(ticket: TicketSnapshot): FieldEpoch<number | null>[] {
  return fieldEpochs(ticket, 'form', asFormId, ticket.formId);
}

/**
 * `changes` plus a change of `field` not saved yet (the agent's edit, or a what-if), dated `now` (`via` sidebar), when
 * the value differs from the saved one: the engine gives the snapshot's value to the last epoch, so without it the
 * last recorded change would be told as a move to the unsaved value. A recorded change dated after `now` is read as
 * made now, and this one still comes after it (the sort is stable).
 */
export function withUnsavedChange(
  changes: FieldChange[],
  field: FieldChange['field'],
  saved: string | number | null,
  unsaved: string | number | null,
  now: Date,
): FieldChange[] {
  if (saved === unsaved) return changes;
  const text = (v: string | number | null) => (v === null ? null : String(v));
  return [...changes, { at: now.toISOString(), field, from: text(saved), to: text(unsaved), via: 'sidebar' }];
}

/**
 * The change that brought the ticket its current organization (the last organization change, when it names that
 * organization), or null: no organization now, no recorded change, or a history that ends elsewhere.
 */
export function currentOrganizationChange(ticket: TicketSnapshot): (FieldChange & { atMs: number }) | null {
  const last = changesOf(ticket, 'organization').at(-1);
  if (last === undefined || ticket.organization === null || last.to !== String(ticket.organization.id)) return null;
  return { ...last, atMs: toMs(last.at) };
}

/** The status in force at `ms`, read from status changes (before the first change: its `from`). */
export function statusSpans(ticket: TicketSnapshot): Array<{ span: Span; status: TicketStatus }> {
  const changes = changesOf(ticket, 'status');
  const first = changes[0];
  let status: TicketStatus = first === undefined ? ticket.status : (asStatus(first.from) ?? ticket.status);
  let since = -Infinity;
  const spans: Array<{ span: Span; status: TicketStatus }> = [];
  for (const change of changes) {
    const at = toMs(change.at);
    spans.push({ span: [since, at], status });
    status = asStatus(change.to) ?? status;
    since = at;
  }
  // The snapshot's status is the truth for "now", whatever the history says.
  spans.push({ span: [since, Infinity], status: ticket.status });
  return spans.filter(({ span }) => span[1] > span[0]);
}

/** A solve or a reopen read from the status history. */
export interface SolveOrReopen {
  ms: number;
  kind: 'solve' | 'reopen';
}

/**
 * The ticket's solves (solved, or closed straight from an open status: the solve stops the reply clocks, DOMAIN.md
 * §7; Solved → Closed is not a second solve) and reopens (Solved or Closed left for an open status: the periodic
 * update is owed again from there), oldest first. Within one instant they keep the order they were recorded in: a
 * solve and a reopen in the same second are two updates, and which came first decides the status after them.
 */
export function solvesAndReopens(ticket: TicketSnapshot): SolveOrReopen[] {
  const out: SolveOrReopen[] = [];
  for (const c of changesOf(ticket, 'status')) {
    if (isFinishedStatus(c.to) && !isFinishedStatus(c.from)) out.push({ ms: toMs(c.at), kind: 'solve' });
    else if (isFinishedStatus(c.from) && asStatus(c.to) !== null && !isFinishedStatus(c.to)) out.push({ ms: toMs(c.at), kind: 'reopen' });
  }
  return out;
}

/** Instants at which the ticket was solved, oldest first (see {@link solvesAndReopens}). */
export function solveInstants(ticket: TicketSnapshot): number[] {
  return solvesAndReopens(ticket)
    .filter((e) => e.kind === 'solve')
    .map((e) => e.ms);
}

/**
 * Intervals during which any of `pausing` statuses held, merged, so Pending → On-hold → Open is one pause and never
 * counted twice (SLA-EDGE-CASES #25).
 */
export function pausedSpans(ticket: TicketSnapshot, pausing: readonly TicketStatus[]): Span[] {
  if (pausing.length === 0) return [];
  const out: Array<[number, number]> = [];
  for (const { span, status } of statusSpans(ticket)) {
    if (!pausing.includes(status)) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last[1] >= span[0]) last[1] = Math.max(last[1], span[1]);
    else out.push([span[0], span[1]]);
  }
  return out;
}

/** The complement of `paused` from `fromMs` on: the spans during which the clock runs (the last may be open). */
export function runningSpans(paused: readonly Span[], fromMs: number): Span[] {
  const out: Span[] = [];
  let cursor = fromMs;
  for (const [a, b] of paused) {
    if (b <= cursor) continue;
    if (a > cursor) out.push([cursor, a]);
    cursor = Math.max(cursor, b);
    if (cursor === Infinity) return out;
  }
  out.push([cursor, Infinity]);
  return out;
}

/** Public comments up to `nowMs`, oldest first (stable for equal instants). */
export function publicComments(ticket: TicketSnapshot, nowMs: number): TimedComment[] {
  return ticket.comments
    .map((comment, i) => ({ comment, ms: toMs(comment.createdAt), i }))
    .filter((c) => c.comment.public && Number.isFinite(c.ms) && c.ms <= nowMs)
    .sort((a, b) => a.ms - b.ms || a.i - b.i)
    .map(({ comment, ms }) => ({ comment, ms }));
}
