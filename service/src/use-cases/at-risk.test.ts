import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GITLAB_POLICY } from '@triage-assistant/shared';
import { agentReply, buildComment, buildOrganization, ACME_ORG_ID } from '../../../shared/src/testing/factories.js';
import { NodeZendeskGateway } from '../adapters/zendesk/node-zendesk-gateway.js';
import { FakeClock } from '../adapters/zendesk/testing/fake-clock.js';
import { loadFixture } from '../adapters/zendesk/testing/fixtures.js';
import { ZENDESK_TEST_BASE } from '../adapters/zendesk/testing/handlers.js';
import { NotFoundError, ZendeskRateLimitedError } from '../errors.js';
import type { CommitmentRecord } from '../storage/types.js';
import { listAtRisk, type AtRiskDeps } from './at-risk.js';
import { FakeZendesk, zendeskTicket } from './testing/fake-zendesk.js';

const GROUP = 360001;
// Monday 2026-11-23 12:00 PT.
const NOW = new Date('2026-11-23T20:00:00Z');

function commitment(overrides: Partial<CommitmentRecord> & { ticketId: number; dueAt: Date }): CommitmentRecord {
  return { id: `c${overrides.ticketId}`, agentId: 501, note: '', createdAt: new Date('2026-11-23T16:00:00Z'), cancelledAt: null, metAt: null, ...overrides };
}

function scenario(commitments: CommitmentRecord[] = []) {
  const zendesk = new FakeZendesk().addOrganization(buildOrganization(), 5);
  const frt = (breachAt: string, stage = 'active') => [{ metric: 'first_reply_time', stage, breachAt }];
  const t = (id: number, extra: Parameters<typeof zendeskTicket>[0] extends infer P ? Partial<P> : never) =>
    zendeskTicket({ id, groupId: GROUP, organizationId: ACME_ORG_ID, tags: ['premium'], assigneeId: 501, ...extra });
  // Due in 90 min (inside the 120-min warning window).
  zendesk.addTicket(t(1, { slas: frt('2026-11-23T21:30:00Z'), subject: 'Runner down' }));
  // Breached 20 min ago.
  zendesk.addTicket(t(2, { slas: frt('2026-11-23T19:40:00Z'), priority: 'urgent' }));
  // Due in 3 h: outside the window.
  zendesk.addTicket(t(3, { slas: frt('2026-11-23T23:00:00Z') }));
  // Answered: Zendesk says achieved.
  zendesk.addTicket(t(4, { slas: frt('2026-11-23T19:00:00Z', 'achieved') }));
  // No sideload: the engine decides from comments (created 09:00 PT, High, 4 business h → 13:00 PT = 21:00Z, in 60 min).
  zendesk.addTicket(t(5, { slas: null }), [buildComment()]);
  // No sideload, answered by an agent: not at risk.
  zendesk.addTicket(t(6, { slas: null }), [buildComment(), agentReply('2026-11-23T18:00:00Z')]);
  // Another group.
  zendesk.addTicket(t(7, { slas: frt('2026-11-23T20:10:00Z'), groupId: 999 }));
  // Pending ticket of the group (not in the search) with an overdue commitment.
  zendesk.addTicket(t(8, { status: 'pending', slas: [] }));
  const deps: AtRiskDeps = {
    zendesk,
    commitments: {
      // As the repository: soonest first, at most `limit`.
      listOpenDueBefore: async (before, limit = 500) =>
        commitments
          .filter((c) => c.dueAt < before)
          .sort((a, b) => +a.dueAt - +b.dueAt)
          .slice(0, limit),
      findOpenByTickets: async (ids) => new Map(commitments.filter((c) => ids.includes(c.ticketId)).map((c) => [c.ticketId, c])),
    },
    policy: GITLAB_POLICY,
    clock: () => NOW,
  };
  return { zendesk, deps };
}

describe('listAtRisk', () => {
  it('lists near-breach and breached first replies and due commitments of the group, soonest first', async () => {
    const { zendesk, deps } = scenario([
      commitment({ ticketId: 8, dueAt: new Date('2026-11-23T19:50:00Z'), note: 'send the patch' }),
      // Due in 45 min (inside the 60-min due-soon window).
      commitment({ ticketId: 3, dueAt: new Date('2026-11-23T20:45:00Z') }),
      // Ticket 7 is another group's.
      commitment({ ticketId: 7, dueAt: new Date('2026-11-23T19:55:00Z') }),
      // Due in 2 h: not due soon.
      commitment({ ticketId: 1, dueAt: new Date('2026-11-23T22:00:00Z') }),
    ]);
    const { items, groupId } = await listAtRisk(deps, GROUP);
    expect(groupId).toBe(GROUP);
    expect(items.map((i) => [i.ticketId, i.kind, i.dueAt])).toEqual([
      [2, 'frt_breached', '2026-11-23T19:40:00.000Z'],
      [8, 'commitment_overdue', '2026-11-23T19:50:00.000Z'],
      [3, 'commitment_due_soon', '2026-11-23T20:45:00.000Z'],
      [5, 'frt_breach_soon', '2026-11-23T21:00:00.000Z'],
      [1, 'frt_breach_soon', '2026-11-23T21:30:00.000Z'],
    ]);
    expect(items[0]).toMatchObject({ priority: 'urgent', assigneeId: 501, message: 'First reply breached 20 min ago (due Mon 23 Nov 11:40 PT)' });
    expect(items[1]?.message).toBe("Agent 501's promised update is 10 min overdue (due Mon 23 Nov 11:50 PT): send the patch");
    expect(items[4]).toMatchObject({ subject: 'Runner down', message: 'First reply due in 1 h 30 min (Mon 23 Nov 13:30 PT)' });
    // Comments only for the two tickets without a sideload; show_many only for the commitments' unknown tickets.
    expect(zendesk.calls).toEqual([
      `searchOpenGroupTickets(${GROUP})`,
      `getOrganizations(${ACME_ORG_ID})`,
      'getTicketComments(5)',
      'getTicketComments(6)',
      'showManyTickets(8,7)',
    ]);
  });

  it('skips a ticket deleted between the search and its comment read, but not a rate limit', async () => {
    const { zendesk, deps } = scenario();
    zendesk.failures.set('getTicketComments', new NotFoundError('Zendesk has no ticket 5'));
    expect((await listAtRisk(deps, GROUP)).items.map((i) => i.ticketId)).toEqual([2, 1]);
    zendesk.failures.set('getTicketComments', new ZendeskRateLimitedError(12, 'GET /tickets/:id/comments'));
    await expect(listAtRisk(deps, GROUP)).rejects.toBeInstanceOf(ZendeskRateLimitedError);
  });

  it("shows a regional first reply in its schedule's zone, the region read from the policy's Preferred Region field", async () => {
    const { zendesk, deps } = scenario();
    // High on Asia Pacific: the regional apac schedule (Australia/Brisbane, UTC+10); due 21:30Z = Tue 07:30 there.
    zendesk.addTicket(
      zendeskTicket({
        id: 9,
        groupId: GROUP,
        organizationId: ACME_ORG_ID,
        tags: ['premium'],
        customFields: { 360018253094: 'asia_pacific' },
        slas: [{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-23T21:30:00Z' }],
      }),
    );
    const item = (await listAtRisk(deps, GROUP)).items.find((i) => i.ticketId === 9);
    expect(item?.message).toBe('First reply due in 1 h 30 min (Tue 24 Nov 07:30 GMT+10)');
  });

  it('#35 #37 a group move takes the ticket and its commitment off the old group’s list, onto the new one’s, with the same deadline (no per-group targets)', async () => {
    const { zendesk, deps } = scenario([commitment({ ticketId: 3, dueAt: new Date('2026-11-23T20:45:00Z') })]);
    const before = await listAtRisk(deps, GROUP);
    expect(before.items.filter((i) => i.ticketId === 1 || i.ticketId === 3).map((i) => [i.ticketId, i.kind])).toEqual([
      [3, 'commitment_due_soon'],
      [1, 'frt_breach_soon'],
    ]);
    zendesk.tickets.get(1)!.groupId = 999;
    zendesk.tickets.get(3)!.groupId = 999;
    const old = await listAtRisk(deps, GROUP);
    expect(old.items.map((i) => i.ticketId)).not.toContain(1);
    expect(old.items.map((i) => i.ticketId)).not.toContain(3);
    const moved = await listAtRisk(deps, 999);
    // #37: GitLab's SLA has no per-group targets (DOMAIN.md §5: targets by plan, priority and form; schedules by region), so a hand-off neither restarts nor moves the deadline.
    expect(moved.items.filter((i) => i.ticketId === 1 || i.ticketId === 3).map((i) => [i.ticketId, i.kind, i.dueAt])).toEqual([
      [3, 'commitment_due_soon', '2026-11-23T20:45:00.000Z'],
      [1, 'frt_breach_soon', '2026-11-23T21:30:00.000Z'],
    ]);
  });

  it("lists the group's due commitments even when 500 older overdue ones of other tickets come first account-wide", async () => {
    // Commitments on tickets solved without a reply stay open: over months they pile up, oldest first.
    const stale = Array.from({ length: 500 }, (_, i) =>
      commitment({ ticketId: 100_000 + i, dueAt: new Date(Date.parse('2026-06-01T00:00:00Z') + i * 60_000) }),
    );
    const { deps } = scenario([...stale, commitment({ ticketId: 3, dueAt: new Date('2026-11-23T20:45:00Z'), note: 'call back' })]);
    const { items } = await listAtRisk(deps, GROUP);
    expect(items.filter((i) => i.kind.startsWith('commitment')).map((i) => [i.ticketId, i.kind, i.dueAt])).toEqual([
      [3, 'commitment_due_soon', '2026-11-23T20:45:00.000Z'],
    ]);
  });

  it('is empty for a quiet group', async () => {
    const { deps } = scenario();
    expect((await listAtRisk(deps, 42)).items).toEqual([]);
  });
});

describe('NodeZendeskGateway.searchOpenGroupTickets', () => {
  /** A group whose search keeps offering a next page of the same ticket. */
  const ENDLESS_GROUP = 999;
  const seen: URL[] = [];
  const server = setupServer(
    http.get(`${ZENDESK_TEST_BASE}/search.json`, ({ request }) => {
      const url = new URL(request.url);
      seen.push(url);
      if (url.searchParams.get('query')?.includes(`group:${ENDLESS_GROUP} `)) {
        // A search that keeps offering a next page of the same ticket (seen with other helpdesks' search indexes).
        // Stops offering at page 50 only so that a regression fails on the pages read instead of hanging the run.
        const page = Number(url.searchParams.get('page') ?? '1');
        if (page >= 50) return HttpResponse.json({ results: [{ result_type: 'ticket', id: 35436 }], count: 1, next_page: null });
        return HttpResponse.json({ results: [{ result_type: 'ticket', id: 35436 }], count: 1, next_page: `${ZENDESK_TEST_BASE}/search.json?page=${page + 1}&query=${encodeURIComponent(`type:ticket group:${ENDLESS_GROUP} status<pending`)}` });
      }
      if (url.searchParams.get('page') === '2') {
        return HttpResponse.json({ results: [{ result_type: 'ticket', id: 35437 }], count: 3, next_page: null });
      }
      return HttpResponse.json({
        results: [
          { result_type: 'ticket', id: 35436 },
          { result_type: 'user', id: 7 },
        ],
        count: 3,
        next_page: `${ZENDESK_TEST_BASE}/search.json?page=2&per_page=100&query=type%3Aticket`,
      });
    }),
    http.get(`${ZENDESK_TEST_BASE}/tickets/show_many.json`, ({ request }) => {
      seen.push(new URL(request.url));
      return HttpResponse.json(loadFixture('show-many-tickets'));
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const searchGateway = () =>
    new NodeZendeskGateway({
      endpointUri: ZENDESK_TEST_BASE,
      auth: { username: 'triage-bot@acme.test', apiToken: 'token' },
      planRateLimitPerMinute: 700,
      clock: new FakeClock(),
    });

  it('searches new and open tickets of the group page by page, then re-reads them with the slas sideload', async () => {
    const gateway = searchGateway();
    const tickets = await gateway.searchOpenGroupTickets(GROUP);
    expect(seen[0]?.searchParams.get('query')).toBe(`type:ticket group:${GROUP} status<pending`);
    expect(seen[1]?.searchParams.get('page')).toBe('2');
    expect(seen[2]?.pathname).toBe('/api/v2/tickets/show_many.json');
    expect(seen[2]?.searchParams.get('ids')).toBe('35436,35437');
    expect(seen[2]?.searchParams.get('include')).toBe('slas');
    // The fixture's first ticket: subject, group and assignee now come through the mapping.
    expect(tickets[0]).toMatchObject({
      id: 512734,
      subject: 'Runners stuck in pending after upgrade to 18.5',
      groupId: 360011712233,
      assigneeId: null,
    });
  });

  it('stops at a page that brings no new ticket, so a search that keeps offering next pages cannot loop for ever', async () => {
    const gateway = searchGateway();
    seen.length = 0;
    const tickets = await gateway.searchOpenGroupTickets(ENDLESS_GROUP);
    const searches = seen.filter((url) => url.pathname.endsWith('/search.json'));
    expect(searches.map((url) => url.searchParams.get('page'))).toEqual([null, '2']);
    expect(seen.find((url) => url.pathname.endsWith('/show_many.json'))?.searchParams.get('ids')).toBe('35436');
    expect(tickets.length).toBeGreaterThan(0);
  });
});

describe('CommitmentRepository.listOpenDueBefore (PGlite)', () => {
  it('returns open commitments due before the instant, soonest first, without met or cancelled ones', async () => {
    const { openTestStorage } = await import('../testing/storage.js');
    const test = await openTestStorage('pglite');
    try {
      const repo = test.storage.commitments;
      const at = (iso: string) => new Date(iso);
      const base = { agentId: 501, note: '', createdAt: at('2026-11-23T16:00:00Z') };
      await repo.replace({ id: 'a', ticketId: 1, dueAt: at('2026-11-23T21:00:00Z'), ...base });
      await repo.replace({ id: 'b', ticketId: 2, dueAt: at('2026-11-23T19:00:00Z'), ...base });
      await repo.replace({ id: 'c', ticketId: 3, dueAt: at('2026-11-23T22:00:00Z'), ...base });
      await repo.replace({ id: 'd', ticketId: 4, dueAt: at('2026-11-23T18:00:00Z'), ...base });
      await repo.markMet(4, at('2026-11-23T17:00:00Z'));
      await repo.replace({ id: 'e', ticketId: 5, dueAt: at('2026-11-23T18:30:00Z'), ...base });
      await repo.cancelOpen(5, at('2026-11-23T17:00:00Z'));
      const due = await repo.listOpenDueBefore(at('2026-11-23T22:00:00Z'));
      expect(due.map((c) => c.id)).toEqual(['b', 'a']);
      expect((await repo.listOpenDueBefore(at('2026-11-23T22:00:01Z'), 1)).map((c) => c.id)).toEqual(['b']);
    } finally {
      await test.cleanup();
    }
  });
});
