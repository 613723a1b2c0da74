/**
 * The `slas` sideload as Zendesk computes it: the first SLA policy (by position) whose filter matches the ticket,
 * that policy's target for the ticket's priority, business minutes on the ticket's schedule (shared business-time
 * engine) or calendar minutes. FRT runs from creation to the first public agent comment after the description;
 * trigger/automation comments (`via.channel` = `rule`) never fulfil it. NRT runs from the oldest end-user public
 * comment not yet answered by a public agent comment. Solved/closed tickets show no metric.
 */
import { addBusinessMinutes, type Schedule } from '@triage-assistant/shared';
import type { ZdComment, ZdSlaCondition, ZdSlaMetricView, ZdSlaPolicy, ZdTicket, ZdUser } from './types.js';

function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return String(value ?? '')
    .split(/\s+/)
    .filter((t) => t !== '');
}

function same(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '';
  return String(a) === String(b);
}

/** One filter condition against the ticket. Unknown fields never match, so a typo cannot silently apply a policy. */
export function conditionHolds(ticket: ZdTicket, c: ZdSlaCondition): boolean {
  if (c.field === 'current_tags') {
    const wanted = tagsOf(c.value);
    const hit = wanted.some((t) => ticket.tags.includes(t));
    if (c.operator === 'includes') return hit;
    if (c.operator === 'not_includes') return !hit;
    return false;
  }
  const fieldValue: unknown = (() => {
    switch (c.field) {
      case 'ticket_form_id':
      case 'organization_id':
      case 'group_id':
      case 'assignee_id':
      case 'requester_id':
      case 'priority':
      case 'status':
      case 'type':
      case 'brand_id':
        return ticket[c.field];
      default: {
        const m = /^custom_fields_(\d+)$/.exec(c.field);
        return m ? ticket.custom_fields.find((f) => f.id === Number(m[1]))?.value : undefined;
      }
    }
  })();
  if (fieldValue === undefined && !c.field.startsWith('custom_fields_')) return false;
  if (c.operator === 'is') return same(fieldValue, c.value);
  if (c.operator === 'is_not') return !same(fieldValue, c.value);
  if (c.operator === 'includes') return tagsOf(c.value).some((v) => same(fieldValue, v));
  return false;
}

export function policyMatches(ticket: ZdTicket, policy: ZdSlaPolicy): boolean {
  const { all, any } = policy.filter;
  return all.every((c) => conditionHolds(ticket, c)) && (any.length === 0 || any.some((c) => conditionHolds(ticket, c)));
}

/** First policy by position whose filter matches, or null. */
export function matchingPolicy(ticket: ZdTicket, policies: readonly ZdSlaPolicy[]): ZdSlaPolicy | null {
  return [...policies].sort((a, b) => a.position - b.position).find((p) => policyMatches(ticket, p)) ?? null;
}

/** Zendesk shows the rounded distance to `breach_at` in one unit, negative once past (ZENDESK.md §4.1). */
export function distanceUnit(breachAt: Date, now: Date): Pick<ZdSlaMetricView, 'minutes' | 'hours' | 'days'> {
  const minutes = (breachAt.getTime() - now.getTime()) / 60_000;
  const abs = Math.abs(minutes);
  const round = (n: number) => (Math.round(n) === 0 ? 0 : Math.round(n));
  if (abs < 60) return { minutes: round(minutes) };
  if (abs < 24 * 60) return { hours: round(minutes / 60) };
  return { days: round(minutes / 1440) };
}

export interface SlaInputs {
  ticket: ZdTicket;
  comments: readonly ZdComment[];
  usersById: ReadonlyMap<number, ZdUser>;
  policies: readonly ZdSlaPolicy[];
  schedule: Schedule;
  now: Date;
}

function isAgentReply(c: ZdComment, users: ReadonlyMap<number, ZdUser>): boolean {
  if (!c.public || c.via.channel === 'rule') return false;
  const role = users.get(c.author_id)?.role;
  return role === 'agent' || role === 'admin';
}

function isEndUserComment(c: ZdComment, users: ReadonlyMap<number, ZdUser>): boolean {
  if (!c.public || c.via.channel === 'rule') return false;
  const role = users.get(c.author_id)?.role;
  return role === undefined || role === 'end-user';
}

/** The sideload for one ticket, `{policy_metrics: []}` when no policy or no target applies. */
export function computeSlas(input: SlaInputs): { policy_metrics: ZdSlaMetricView[] } {
  const { ticket, comments, usersById, policies, schedule, now } = input;
  const metrics: ZdSlaMetricView[] = [];
  if (ticket.status === 'solved' || ticket.status === 'closed' || ticket.priority === null) return { policy_metrics: metrics };
  const policy = matchingPolicy(ticket, policies);
  if (!policy) return { policy_metrics: metrics };
  const target = (metric: string) => policy.policy_metrics.find((m) => m.metric === metric && m.priority === ticket.priority);
  const breach = (start: Date, t: { target: number; business_hours: boolean }) =>
    t.business_hours ? addBusinessMinutes(schedule, start, t.target) : new Date(start.getTime() + t.target * 60_000);

  const ordered = [...comments].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  // The description (first comment) never fulfils FRT, even on an agent-created ticket.
  const replies = ordered.slice(1);
  const firstReply = replies.find((c) => isAgentReply(c, usersById));
  const frt = target('first_reply_time');
  if (frt) {
    if (firstReply) metrics.push({ breach_at: null, stage: 'achieved', metric: 'first_reply_time' });
    else {
      const at = breach(new Date(ticket.created_at), frt);
      metrics.push({ breach_at: at.toISOString().replace('.000Z', 'Z'), stage: 'active', metric: 'first_reply_time', ...distanceUnit(at, now) });
    }
  }
  const nrt = target('next_reply_time');
  if (nrt && firstReply) {
    const afterFirst = ordered.filter((c) => c.created_at >= firstReply.created_at && c.id !== firstReply.id);
    let waitingSince: ZdComment | null = null;
    for (const c of afterFirst) {
      if (isAgentReply(c, usersById)) waitingSince = null;
      else if (waitingSince === null && isEndUserComment(c, usersById)) waitingSince = c;
    }
    if (waitingSince) {
      const at = breach(new Date(waitingSince.created_at), nrt);
      metrics.push({ breach_at: at.toISOString().replace('.000Z', 'Z'), stage: 'active', metric: 'next_reply_time', ...distanceUnit(at, now) });
    } else {
      metrics.push({ breach_at: null, stage: 'achieved', metric: 'next_reply_time' });
    }
  }
  return { policy_metrics: metrics };
}
