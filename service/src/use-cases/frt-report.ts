/**
 * First-reply-time attainment: the share of tickets whose first reply met its target, overall and by priority,
 * against GitLab's 95 % KPI, from the outcomes the webhook handler records. Each outcome counts as recorded (`met`),
 * never re-judged against the current policy: after a target or plan-rule change, past periods keep their figures
 * (SLA-EDGE-CASES #40), so the report takes no policy at all.
 */
import { PRIORITIES, ValidationError, type Priority } from '@triage-assistant/shared';
import type { FrtOutcomeRepository } from '../storage/types.js';

/**
 * 95 % FRT achievement is the KPI; "some tickets breaching is expected" (DOMAIN.md §5):
 * [ESC] https://about.gitlab.com/handbook/support/internal-support/support-escalations.html (older handbook) and
 * [WOT] https://handbook.gitlab.com/handbook/support/workflows/working-on-tickets/
 */
export const FRT_ATTAINMENT_TARGET = 0.95;
/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 366;
const DAY = 86_400_000;

export interface FrtReportQuery {
  from: Date;
  to: Date;
  groupId?: number;
}

interface Tally {
  tickets: number;
  met: number;
  share: number | null;
}

const tally = (tickets: number, met: number): Tally => ({ tickets, met, share: tickets === 0 ? null : met / tickets });

/** [from, to) must be a forward period of at most {@link MAX_REPORT_DAYS} days; the error names the field. */
export function validateReportPeriod(from: Date, to: Date): void {
  if (to.getTime() <= from.getTime()) {
    throw new ValidationError('query', [{ path: 'to', message: `must be after from (${from.toISOString()})` }]);
  }
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY) {
    throw new ValidationError('query', [{ path: 'from', message: `the period from "from" to "to" must be at most ${MAX_REPORT_DAYS} days` }]);
  }
}

export async function frtAttainment(
  deps: { frtOutcomes: Pick<FrtOutcomeRepository, 'list'> },
  query: FrtReportQuery,
): Promise<{
  from: string;
  to: string;
  target: number;
  overall: Tally;
  byPriority: (Tally & { priority: Priority })[];
}> {
  validateReportPeriod(query.from, query.to);
  const outcomes = await deps.frtOutcomes.list({
    from: query.from,
    to: query.to,
    ...(query.groupId === undefined ? {} : { groupId: query.groupId }),
  });
  const byPriority = PRIORITIES.map((priority) => {
    const of = outcomes.filter((o) => o.priority === priority);
    return { priority, ...tally(of.length, of.filter((o) => o.met).length) };
  });
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    target: FRT_ATTAINMENT_TARGET,
    // Tickets without a priority count overall (they were answered or not) but in no priority row.
    overall: tally(outcomes.length, outcomes.filter((o) => o.met).length),
    byPriority,
  };
}
