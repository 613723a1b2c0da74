import { isOpen, type ScheduleLike } from '../business-time/index.js';
import type { Policy } from '../schemas/policy.js';
import { formatDueTime } from './format.js';

/** A due time further ahead than this is refused (ZenGuard: "due date too far ahead", DOMAIN.md §9). */
export const MAX_COMMITMENT_DAYS = 30;

/**
 * Whether a due time falls in business hours: the schedule is open then, or it closes exactly then (open intervals
 * are half-open, and the update is sent before the promise falls due, so "by 17:00" on a schedule that closes at 17:00
 * is kept on shift, as a business-time deadline that ends at a closing is).
 */
export function dueInBusinessHours(schedule: ScheduleLike, dueAt: Date): boolean {
  return isOpen(schedule, dueAt) || isOpen(schedule, new Date(dueAt.getTime() - 1));
}

/** One problem with a proposed due time: `error` blocks saving, `warning` asks the agent to confirm. */
export interface CommitmentDueProblem {
  code: 'due.invalid' | 'due.in_past' | 'due.too_far' | 'due.outside_business_hours';
  severity: 'error' | 'warning';
  message: string;
}

/** Options of {@link validateCommitmentDue}. */
export interface ValidateCommitmentDueOptions {
  /** Schedule for the business-hours warning; default the policy's first schedule (GitLab: Business Hours 24x5). */
  schedule?: ScheduleLike;
  /** Zone for times in messages; default the schedule's zone. */
  timeZone?: string;
}

/**
 * ZenGuard-style checks of a commitment's due time (DOMAIN.md §9): `due.invalid` (error: not a date), `due.in_past` (error: at or before `now`),
 * `due.too_far` (error: more than {@link MAX_COMMITMENT_DAYS} days after `now`), `due.outside_business_hours`
 * (warning: the schedule is closed then and did not just close, so nobody may be on shift to keep the promise). Empty when fine.
 */
export function validateCommitmentDue(
  dueAt: Date,
  now: Date,
  policy: Policy,
  options: ValidateCommitmentDueOptions = {},
): CommitmentDueProblem[] {
  if (Number.isNaN(dueAt.getTime())) {
    return [{ code: 'due.invalid', severity: 'error', message: 'due time is not a valid date' }];
  }
  const problems: CommitmentDueProblem[] = [];
  if (dueAt.getTime() <= now.getTime()) {
    problems.push({ code: 'due.in_past', severity: 'error', message: 'due time is in the past' });
  } else if (dueAt.getTime() - now.getTime() > MAX_COMMITMENT_DAYS * 86_400_000) {
    problems.push({
      code: 'due.too_far',
      severity: 'error',
      message: `due time is more than ${MAX_COMMITMENT_DAYS} days ahead; agree a nearer update and set a new one then`,
    });
  }
  const schedule = options.schedule ?? policy.schedules[0];
  if (schedule && problems.length === 0 && !dueInBusinessHours(schedule, dueAt)) {
    const zone = options.timeZone ?? schedule.timeZone;
    problems.push({
      code: 'due.outside_business_hours',
      severity: 'warning',
      message: `due time ${formatDueTime(dueAt, zone, now)} is outside business hours`,
    });
  }
  return problems;
}
