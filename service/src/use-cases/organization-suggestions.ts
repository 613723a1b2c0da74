/**
 * Ranked organizations for a ticket's requester (DOMAIN.md §11): which organization should this person be associated
 * with? Evidence, each with a reason the agent can check:
 * - the requester's email domain is one of the organization's `domain_names` (free-mail domains never count; a
 *   domain several organizations share counts for each, split, and says so);
 * - the requester already is a member;
 * - the organization is on the requester's other tickets;
 * - colleagues with the same email domain belong to it.
 * Each candidate carries its plan (resolvePlan on the ticket as if it had that organization) and its contact count
 * against the policy's limit (30 at GitLab: a full organization needs Support Ops).
 *
 * Zendesk calls are bounded: ticket, requester, memberships, one domain search, the requester's tickets and one user
 * search (each capped at 100 considered), one organizations show_many, and one member count per returned candidate.
 */
import {
  resolvePlan,
  TicketSnapshotSchema,
  type OrganizationSnapshot,
  type OrganizationSuggestion,
  type Policy,
} from '@triage-assistant/shared';
import type { ZendeskGateway, ZendeskTicket } from '../adapters/zendesk/gateway.js';

/** Webmail domains: anyone can have an address there, so they say nothing about the employer. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  '163.com',
]);

/** Points per kind of evidence. Membership is the strongest: Zendesk already links the two. */
export const SCORES = { membership: 50, domain: 40, otherTicket: 10, otherTicketsMax: 30, colleague: 2, colleaguesMax: 20 } as const;
/** Other tickets and colleagues considered at most (bounds Zendesk reads and the work). */
export const EVIDENCE_CAP = 100;
/** Candidates returned (each costs one member-count read). */
export const MAX_SUGGESTIONS = 10;

export interface SuggestionDeps {
  zendesk: ZendeskGateway;
  policy: Policy;
}

interface Evidence {
  score: number;
  reasons: string[];
}

export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (email === null || email === undefined || at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase();
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function suggestOrganizations(
  deps: SuggestionDeps,
  ticketId: number,
): Promise<{ ticketId: number; requester: { id: number; email: string | null }; suggestions: OrganizationSuggestion[] }> {
  const { zendesk, policy } = deps;
  const ticket = await zendesk.getTicket(ticketId);
  const [requester, memberships] = await Promise.all([zendesk.getUser(ticket.requesterId), zendesk.listUserMemberships(ticket.requesterId)]);
  const domain = emailDomain(requester.email);
  const freeMail = domain !== null && FREE_MAIL_DOMAINS.has(domain);
  const usableDomain = domain !== null && !freeMail ? domain : null;

  const [domainOrgs, requesterTickets, colleagues] = await Promise.all([
    usableDomain ? zendesk.searchOrganizationsByDomain(usableDomain) : Promise.resolve([]),
    zendesk.listRequesterTickets(requester.id),
    usableDomain ? zendesk.listUsersByEmailDomain(usableDomain) : Promise.resolve([]),
  ]);

  const evidence = new Map<number, Evidence>();
  const add = (orgId: number, score: number, reason: string) => {
    const e = evidence.get(orgId) ?? { score: 0, reasons: [] };
    e.score += score;
    e.reasons.push(reason);
    evidence.set(orgId, e);
  };

  for (const m of memberships) {
    add(m.organizationId, SCORES.membership, m.isDefault ? "requester is already a member (default organization)" : 'requester is already a member');
  }
  for (const org of domainOrgs) {
    if (domainOrgs.length === 1) add(org.id, SCORES.domain, `email domain ${usableDomain} is one of the organization's domains`);
    else {
      add(
        org.id,
        Math.round(SCORES.domain / domainOrgs.length),
        `email domain ${usableDomain} is one of the organization's domains, but ${domainOrgs.length} organizations list it: confirm which one with the requester`,
      );
    }
  }
  const others = countBy(
    requesterTickets.filter((t) => t.id !== ticketId).slice(0, EVIDENCE_CAP),
    (t: ZendeskTicket) => t.organizationId,
  );
  for (const [orgId, n] of others) {
    add(orgId, Math.min(SCORES.otherTicketsMax, n * SCORES.otherTicket), `organization of ${plural(n, 'other ticket')} from the requester`);
  }
  const mates = countBy(
    colleagues.filter((u) => u.id !== requester.id).slice(0, EVIDENCE_CAP),
    (u) => u.organizationId,
  );
  for (const [orgId, n] of mates) {
    add(orgId, Math.min(SCORES.colleaguesMax, n * SCORES.colleague), `${plural(n, 'colleague')} with an @${usableDomain} address ${n === 1 ? 'belongs' : 'belong'} to it`);
  }

  const known = new Map<number, OrganizationSnapshot>(domainOrgs.map((o) => [o.id, o]));
  const missing = [...evidence.keys()].filter((id) => !known.has(id));
  if (missing.length > 0) for (const o of await zendesk.getOrganizations(missing)) known.set(o.id, o);

  const hypothetical = (org: OrganizationSnapshot) =>
    TicketSnapshotSchema.parse({
      id: ticket.id,
      createdAt: ticket.createdAt,
      status: ticket.status,
      priority: ticket.priority,
      formId: ticket.formId,
      organization: org,
      requester: { id: requester.id, email: requester.email, organizationIds: [org.id] },
      tags: ticket.tags,
    });

  const memberOf = new Set(memberships.map((m) => m.organizationId));
  const ranked = [...evidence.entries()]
    .flatMap(([id, e]) => {
      const org = known.get(id);
      // Deleted, or not visible to the service: nothing to associate with.
      if (org === undefined) return [];
      const { plan } = resolvePlan(hypothetical(org), policy);
      return [{ org, plan, e }];
    })
    .sort(
      (a, b) =>
        b.e.score - a.e.score ||
        Number(b.plan.sla) - Number(a.plan.sla) ||
        a.org.name.localeCompare(b.org.name, 'en') ||
        a.org.id - b.org.id,
    )
    .slice(0, MAX_SUGGESTIONS);

  const limit = policy.organization.maxContacts;
  const counts = await Promise.all(ranked.map(({ org }) => zendesk.countOrganizationMembers(org.id)));
  const suggestions = ranked.map(({ org, plan, e }, i): OrganizationSuggestion => {
    const contactCount = counts[i] ?? 0;
    const reasons = [...e.reasons];
    if (freeMail) reasons.push(`email domain ${domain} is a free-mail domain: it was not used to match organizations`);
    if (!memberOf.has(org.id) && contactCount >= limit) {
      reasons.push(`at the ${limit}-contact limit: association needs Support Ops`);
    }
    return {
      organizationId: org.id,
      name: org.name,
      plan: { id: plan.id, name: plan.name, sla: plan.sla },
      contactCount,
      contactLimit: limit,
      score: e.score,
      reasons,
    };
  });
  return { ticketId, requester: { id: requester.id, email: requester.email }, suggestions };
}

function countBy<T>(items: readonly T[], key: (item: T) => number | null): Map<number, number> {
  const out = new Map<number, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
