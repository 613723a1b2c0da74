import type { TicketSnapshot } from './ticket.js';
import type { ValidationProblem } from '../validation.js';

/**
 * How far from `now` a snapshot's instants may lie. Why a window at all: business-time spans are walked day by day
 * (holidays and DST make every day its own), so an instant in year 9999 costs seconds of CPU on the event loop. Ten
 * years back covers any ticket still worth triaging (Zendesk closes solved tickets after 28 days); a year ahead
 * covers the furthest SLA deadline a policy can set plus any clock skew.
 */
export const SNAPSHOT_WINDOW = { pastDays: 3653, futureDays: 366 } as const;

const MS_PER_DAY = 86_400_000;

/**
 * Every instant of `ticket` outside `[now − pastDays, now + futureDays]`, as problems naming the field
 * (`comments[2].createdAt`). Empty when all are inside.
 */
export function snapshotInstantProblems(
  ticket: Pick<TicketSnapshot, 'createdAt' | 'updatedAt' | 'comments' | 'changes' | 'slas'>,
  now: Date,
  window: { pastDays: number; futureDays: number } = SNAPSHOT_WINDOW,
): ValidationProblem[] {
  const earliest = now.getTime() - window.pastDays * MS_PER_DAY;
  const latest = now.getTime() + window.futureDays * MS_PER_DAY;
  const problems: ValidationProblem[] = [];
  const check = (path: string, iso: string | null | undefined) => {
    if (iso === null || iso === undefined) return;
    const ms = Date.parse(iso);
    if (ms < earliest) problems.push({ path, message: `${iso} is more than ${window.pastDays} days before now (${now.toISOString()})` });
    else if (ms > latest) problems.push({ path, message: `${iso} is more than ${window.futureDays} days after now (${now.toISOString()})` });
  };
  check('createdAt', ticket.createdAt);
  check('updatedAt', ticket.updatedAt);
  ticket.comments.forEach((c, i) => check(`comments[${i}].createdAt`, c.createdAt));
  ticket.changes.forEach((c, i) => check(`changes[${i}].at`, c.at));
  ticket.slas.forEach((s, i) => check(`slas[${i}].breachAt`, s.breachAt));
  return problems;
}
