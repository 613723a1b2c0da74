import type { Policy, TicketSnapshotInput } from '@triage-assistant/shared';

/** Deterministic PRNG (mulberry32): the same seed gives the same tickets on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIORITIES = ['low', 'normal', 'high', 'urgent', null] as const;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved'] as const;
const ORG_TAGS = [['premium'], ['ultimate'], ['starter'], ['free'], []] as const;

/**
 * `count` varied ticket snapshots (unparsed input, as the service receives them) over the policy's forms: with and
 * without organization, every priority, severities, problem types valid or not, 0–6 comments over the last week.
 * `triagedShare` of them (0–1) are made consistent, as most tickets in a real queue are: a premium organization the
 * requester belongs to, the priority the severity maps to, a valid problem type.
 */
export function generateTickets(
  policy: Policy,
  count: number,
  now: Date,
  seed = 42,
  triagedShare = 0,
): TicketSnapshotInput[] {
  const rnd = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const severities = Object.keys(policy.priority.severityToPriority);
  const tickets: TicketSnapshotInput[] = [];
  for (let i = 0; i < count; i++) {
    const created = new Date(now.getTime() - Math.floor(rnd() * 7 * 1440) * 60_000);
    const form = rnd() < 0.05 ? null : pick(policy.forms);
    const hasOrg = rnd() < 0.7;
    const comments: NonNullable<TicketSnapshotInput['comments']> = [
      { public: true, authorRole: 'end-user', authorId: 500 + i, createdAt: created.toISOString() },
    ];
    let t = created.getTime();
    const more = Math.floor(rnd() * 6);
    for (let c = 0; c < more; c++) {
      t += Math.floor(rnd() * 600) * 60_000;
      if (t >= now.getTime()) break;
      comments.push({
        public: rnd() < 0.8,
        authorRole: rnd() < 0.5 ? 'agent' : 'end-user',
        authorId: rnd() < 0.5 ? 7 : 500 + i,
        createdAt: new Date(t).toISOString(),
      });
    }
    const problemValues = form?.problemType?.values ?? [];
    const triaged = rnd() < triagedShare;
    if (triaged) {
      const severity = pick(severities);
      const orgId = 1000 + (i % 50);
      tickets.push({
        id: i + 1,
        createdAt: created.toISOString(),
        status: pick(STATUSES),
        priority: policy.priority.severityToPriority[severity] ?? 'normal',
        formId: form?.id ?? null,
        organization: { id: orgId, name: `Org ${i % 50}`, tags: ['premium'] },
        requester: { id: 500 + i, email: `user${i}@example.com`, organizationIds: [orgId] },
        customerSeverity: severity,
        problemType: problemValues.length > 0 ? pick(problemValues) : null,
        via: { channel: 'web' },
        comments,
      });
      continue;
    }
    tickets.push({
      id: i + 1,
      createdAt: created.toISOString(),
      status: pick(STATUSES),
      priority: pick(PRIORITIES),
      formId: form?.id ?? null,
      organization: hasOrg ? { id: 1000 + (i % 50), name: `Org ${i % 50}`, tags: [...pick(ORG_TAGS)] } : null,
      requester: { id: 500 + i, email: `user${i}@example.com`, organizationIds: hasOrg && rnd() < 0.9 ? [1000 + (i % 50)] : [] },
      customerSeverity: severities.length > 0 && rnd() < 0.8 ? pick(severities) : null,
      problemType: rnd() < 0.3 ? null : rnd() < 0.9 && problemValues.length > 0 ? pick(problemValues) : 'not_a_value',
      via: { channel: rnd() < 0.3 ? 'email' : 'web' },
      comments,
    });
  }
  return tickets;
}
