/**
 * Happy-path msw handlers for the Zendesk endpoints the gateway uses, answering with the sanitised fixtures.
 * Faults (404, 409, 429, 5xx, timeouts) are per-test overrides with `server.use(...)`.
 * URLs carry node-zendesk's `.json` suffix; specific paths come before `:id` ones.
 */
import { http, HttpResponse } from 'msw';
import { loadFixture } from './fixtures.js';

export const ZENDESK_TEST_BASE = 'https://acme.zendesk.test/api/v2';
const u = (path: string) => `${ZENDESK_TEST_BASE}${path}`;

function authorised(request: Request): boolean {
  return /^(Basic|Bearer) \S+/.test(request.headers.get('authorization') ?? '');
}
const unauthorised = () => HttpResponse.json({ error: 'Couldn\'t authenticate you' }, { status: 401 });

export const zendeskHandlers = [
  http.get(u('/tickets/show_many.json'), ({ request }) =>
    authorised(request) ? HttpResponse.json(loadFixture('show-many-tickets')) : unauthorised(),
  ),
  http.get(u('/tickets/:id/audits.json'), ({ request }) =>
    authorised(request) ? HttpResponse.json(loadFixture('ticket-audits')) : unauthorised(),
  ),
  http.get(u('/tickets/:id/comments.json'), ({ request }) =>
    authorised(request) ? HttpResponse.json(loadFixture('ticket-comments')) : unauthorised(),
  ),
  http.get(u('/tickets/:id.json'), ({ request }) =>
    authorised(request) ? HttpResponse.json(loadFixture('ticket-with-slas')) : unauthorised(),
  ),
  http.put(u('/tickets/:id.json'), async ({ request }) => {
    if (!authorised(request)) return unauthorised();
    const body = (await request.json()) as { ticket: Record<string, unknown> };
    const { ticket } = loadFixture('ticket-without-slas') as { ticket: Record<string, unknown> };
    const { safe_update: _s, updated_stamp: _u, comment: _c, ...changes } = body.ticket;
    return HttpResponse.json({ ticket: { ...ticket, ...changes, updated_at: '2026-11-24T18:00:00Z' } });
  }),
  http.get(u('/users/:id/organization_memberships.json'), () => HttpResponse.json(loadFixture('user-memberships'))),
  http.get(u('/users/:id/tickets/requested.json'), () => HttpResponse.json(loadFixture('requester-tickets'))),
  http.get(u('/users/:id.json'), () => HttpResponse.json(loadFixture('user-requester'))),
  http.put(u('/users/:id.json'), async ({ request }) => {
    const body = (await request.json()) as { user: { notes: string } };
    const { user } = loadFixture('user-requester') as { user: Record<string, unknown> };
    return HttpResponse.json({ user: { ...user, notes: body.user.notes } });
  }),
  http.get(u('/organizations/show_many.json'), () => HttpResponse.json(loadFixture('organizations-show-many'))),
  http.get(u('/organizations/:id/related.json'), () => HttpResponse.json(loadFixture('organization-related'))),
  http.get(u('/organizations/:id.json'), () => HttpResponse.json(loadFixture('organization'))),
  http.post(u('/organization_memberships.json'), () => HttpResponse.json(loadFixture('membership-created'), { status: 201 })),
  http.get(u('/search.json'), ({ request }) => {
    const query = new URL(request.url).searchParams.get('query') ?? '';
    if (query.startsWith('type:organization')) return HttpResponse.json(loadFixture('search-organizations'));
    if (query.startsWith('type:user')) return HttpResponse.json(loadFixture('search-users'));
    return HttpResponse.json({ results: [], count: 0, next_page: null, previous_page: null });
  }),
  http.get(u('/ticket_forms.json'), () => HttpResponse.json(loadFixture('ticket-forms'))),
  http.get(u('/ticket_fields.json'), () => HttpResponse.json(loadFixture('ticket-fields'))),
  http.get(u('/slas/policies.json'), () => HttpResponse.json(loadFixture('sla-policies'))),
  http.get(u('/business_hours/schedules.json'), () => HttpResponse.json(loadFixture('schedules'))),
  http.get(u('/business_hours/schedules/:id.json'), () => HttpResponse.json(loadFixture('schedule'))),
];
