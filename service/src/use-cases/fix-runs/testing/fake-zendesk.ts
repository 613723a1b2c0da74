/**
 * A small stateful Zendesk behind msw, for fix-run tests (tests only). It keeps what a fix run touches: tickets,
 * users, organizations, memberships and comments, and enforces the rules that make the order matter:
 * - `safe_update` + `updated_stamp` → 409 when the ticket changed since that stamp;
 * - `organization_id` must be an organization the requester belongs to → 422;
 * - a duplicate membership → 422 "User has already been taken";
 * - the "Ask for support entitlement" trigger: an update that changes the form of a ticket left without an
 *   organization adds a public auto-reply (DOMAIN §3).
 * - `ticket_form_id` must be an active form of the account (`forms`) → 422, as Zendesk (and the simulator) refuse it.
 * Faults are queued per request (`fail`): a status with headers, a timeout, or a write that is applied but whose
 * answer is lost (the client sees a timeout or a 500). `writes` lists every applied write, in order.
 */
import { delay, http, HttpResponse } from 'msw';

export const FAKE_BASE = 'https://fixes.zendesk.test/api/v2';
export const BOT_USER_ID = 900;
export const SYSTEM_USER_ID = 901;

export interface FakeTicket {
  id: number;
  requester_id: number;
  organization_id: number | null;
  ticket_form_id: number | null;
  priority: 'low' | 'normal' | 'high' | 'urgent' | null;
  custom_fields: { id: number; value: string | null }[];
  tags: string[];
  updated_at: string;
}
export interface FakeComment {
  id: number;
  author_id: number;
  public: boolean;
  body: string;
  created_at: string;
}
export interface FakeWrite {
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'timeout' }
  /** Apply the write, then lose the answer (the client times out). */
  | { kind: 'applied-then-timeout' }
  | { kind: 'applied-then-500' }
  /** Run `run` when the request arrives, then answer normally (e.g. to mark the moment a process "crashes"). */
  | { kind: 'tap'; run: () => void }
  /** Answer only once `until` settles (a slow Zendesk, for shutdown and time-budget tests). */
  | { kind: 'hold'; until: Promise<void> }
  /** Someone else changes the ticket just before this request is handled. */
  | { kind: 'concurrent'; change: (ticket: FakeTicket) => void };

interface QueuedFault {
  method: string;
  path: RegExp;
  /** Matching requests left to skip before the fault applies. */
  skip: number;
  /** How many matching requests it applies to (Infinity: until cleared). */
  times: number;
  fault: Fault;
}

export class FakeZendesk {
  tickets = new Map<number, FakeTicket>();
  users = new Map<number, { id: number; name: string; email: string; role: 'end-user' | 'agent' | 'admin'; notes: string }>();
  orgs = new Map<number, { id: number; name: string }>();
  memberships: { id: number; user_id: number; organization_id: number; default: boolean }[] = [];
  comments = new Map<number, FakeComment[]>();
  /** The account's ticket forms (`GET /ticket_forms`); empty until a test adds some. */
  forms = new Map<number, { id: number; name: string; active: boolean }>();
  writes: FakeWrite[] = [];
  /** A business rule (trigger) run on every ticket update after its fields are applied. */
  onUpdate: ((ticket: FakeTicket) => void) | null = null;
  requests: string[] = [];
  private faults: QueuedFault[] = [];
  private seq = 5000;
  private time = Date.parse('2026-11-24T18:00:00Z');

  constructor(readonly timeoutMs: number) {
    this.users.set(BOT_USER_ID, { id: BOT_USER_ID, name: 'Triage bot', email: 'bot@acme.test', role: 'agent', notes: '' });
    this.users.set(SYSTEM_USER_ID, { id: SYSTEM_USER_ID, name: 'Acme Support', email: 'support@acme.test', role: 'admin', notes: '' });
  }

  /** An ISO instant one second after the previous one: every write moves `updated_at`. */
  stamp(): string {
    this.time += 1000;
    return new Date(this.time).toISOString().replace('.000', '');
  }

  addTicket(t: Partial<FakeTicket> & { id: number; requester_id: number }): FakeTicket {
    const ticket: FakeTicket = {
      organization_id: null,
      ticket_form_id: 100,
      priority: 'normal',
      custom_fields: [],
      tags: [],
      updated_at: this.stamp(),
      ...t,
    };
    this.tickets.set(ticket.id, ticket);
    this.comments.set(ticket.id, []);
    return ticket;
  }

  /** Queue a fault on the `nth` (1-based, counted from now) request matching method and path, for `times` requests. */
  fail(method: string, path: RegExp, fault: Fault, options: { nth?: number; times?: number } = {}): void {
    this.faults.push({ method, path, skip: (options.nth ?? 1) - 1, times: options.times ?? 1, fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  writesTo(method: 'POST' | 'PUT', pathPattern: RegExp): FakeWrite[] {
    return this.writes.filter((w) => w.method === method && pathPattern.test(w.path));
  }

  private takeFault(method: string, path: string): Fault | null {
    for (const f of this.faults) {
      if (f.method !== method || !f.path.test(path) || f.times <= 0) continue;
      if (f.skip > 0) {
        f.skip -= 1;
        continue;
      }
      f.times -= 1;
      return f.fault;
    }
    return null;
  }

  private ticketJson(t: FakeTicket) {
    return {
      ...t,
      created_at: '2026-11-24T17:00:00Z',
      status: 'open',
      type: null,
      submitter_id: t.requester_id,
      via: { channel: 'email' },
      slas: { policy_metrics: [] },
    };
  }

  private updateTicket(t: FakeTicket, body: Record<string, unknown>): Response {
    const changes = body as {
      organization_id?: number;
      ticket_form_id?: number;
      priority?: FakeTicket['priority'];
      custom_fields?: { id: number; value: string | null }[];
      comment?: { body: string; public: boolean };
      safe_update?: boolean;
      updated_stamp?: string;
    };
    if (changes.safe_update === true && changes.updated_stamp !== t.updated_at) {
      return HttpResponse.json(
        { error: 'UpdateConflict', description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.' },
        { status: 409 },
      );
    }
    // Checked before anything is applied: Zendesk refuses the whole update.
    if (changes.ticket_form_id !== undefined && this.forms.get(changes.ticket_form_id)?.active !== true) {
      return HttpResponse.json({ error: 'RecordInvalid', description: 'Record validation errors', details: { ticket_form_id: [{ description: 'Ticket form is invalid' }] } }, { status: 422 });
    }
    if (changes.organization_id !== undefined) {
      const member = this.memberships.some((m) => m.user_id === t.requester_id && m.organization_id === changes.organization_id);
      if (!member) {
        return HttpResponse.json({ error: 'RecordInvalid', description: 'Record validation errors', details: { organization_id: [{ description: 'is not a valid organization for the requester' }] } }, { status: 422 });
      }
      t.organization_id = changes.organization_id;
    }
    const formChanged = changes.ticket_form_id !== undefined && changes.ticket_form_id !== t.ticket_form_id;
    if (changes.ticket_form_id !== undefined) t.ticket_form_id = changes.ticket_form_id;
    if (changes.priority !== undefined) t.priority = changes.priority;
    for (const f of changes.custom_fields ?? []) {
      t.custom_fields = [...t.custom_fields.filter((c) => c.id !== f.id), { id: f.id, value: f.value }];
    }
    this.onUpdate?.(t);
    t.updated_at = this.stamp();
    const comments = this.comments.get(t.id)!;
    if (changes.comment) {
      comments.push({ id: this.seq++, author_id: BOT_USER_ID, public: changes.comment.public, body: changes.comment.body, created_at: t.updated_at });
    }
    // Triggers run after all fields of the update are applied: they see the new organization.
    if (formChanged && t.organization_id === null) {
      comments.push({
        id: this.seq++,
        author_id: SYSTEM_USER_ID,
        public: true,
        body: 'Ask for support entitlement: please tell us which organization you belong to.',
        created_at: t.updated_at,
      });
    }
    this.writes.push({ method: 'PUT', path: `/tickets/${t.id}`, body: changes });
    return HttpResponse.json({ ticket: this.ticketJson(t) });
  }

  private createMembership(body: { organization_membership: { user_id: number; organization_id: number } }): Response {
    const { user_id, organization_id } = body.organization_membership;
    if (this.memberships.some((m) => m.user_id === user_id && m.organization_id === organization_id)) {
      return HttpResponse.json(
        { error: 'RecordInvalid', description: 'Record validation errors', details: { user_id: [{ description: 'User has already been taken', error: 'DuplicateValue' }] } },
        { status: 422 },
      );
    }
    const membership = { id: this.seq++, user_id, organization_id, default: !this.memberships.some((m) => m.user_id === user_id) };
    this.memberships.push(membership);
    this.writes.push({ method: 'POST', path: '/organization_memberships', body });
    return HttpResponse.json({ organization_membership: membership }, { status: 201 });
  }

  /** Wraps a handler with request logging and the queued faults. */
  private route(method: string, respond: (request: Request) => Promise<Response> | Response) {
    return async ({ request }: { request: Request }): Promise<Response> => {
      const pathname = new URL(request.url).pathname.replace(/^\/api\/v2/, '').replace(/\.json$/, '');
      this.requests.push(`${method} ${pathname}`);
      const fault = this.takeFault(method, pathname);
      if (fault?.kind === 'status') return HttpResponse.json(fault.body ?? { error: 'Fault' }, { status: fault.status, headers: fault.headers ?? {} });
      if (fault?.kind === 'timeout') {
        await delay(this.timeoutMs * 4);
        return HttpResponse.json({ error: 'too late' }, { status: 504 });
      }
      if (fault?.kind === 'hold') await fault.until;
      if (fault?.kind === 'tap') fault.run();
      if (fault?.kind === 'concurrent') {
        const id = Number(/\/tickets\/(\d+)/.exec(pathname)?.[1]);
        const t = this.tickets.get(id);
        if (t) {
          fault.change(t);
          t.updated_at = this.stamp();
        }
      }
      const response = await respond(request);
      if (fault?.kind === 'applied-then-timeout') {
        await delay(this.timeoutMs * 4);
        return response;
      }
      if (fault?.kind === 'applied-then-500') return HttpResponse.json({ error: 'InternalError' }, { status: 500 });
      return response;
    };
  }

  handlers() {
    const u = (p: string) => `${FAKE_BASE}${p}`;
    const notFound = () => HttpResponse.json({ error: 'RecordNotFound', description: 'Not found' }, { status: 404 });
    return [
      http.get(
        u('/tickets/:id/comments.json'),
        this.route('GET', ({ url }) => {
          const id = Number(/\/tickets\/(\d+)\//.exec(url)?.[1]);
          const comments = this.comments.get(id);
          if (!comments) return notFound();
          const authors = [...new Set(comments.map((c) => c.author_id))].map((a) => this.users.get(a)).filter((x) => x !== undefined);
          return HttpResponse.json({ comments, users: authors, next_page: null });
        }),
      ),
      http.get(
        u('/tickets/:id.json'),
        this.route('GET', ({ url }) => {
          const t = this.tickets.get(Number(/\/tickets\/(\d+)/.exec(url)?.[1]));
          return t ? HttpResponse.json({ ticket: this.ticketJson(t) }) : notFound();
        }),
      ),
      http.put(
        u('/tickets/:id.json'),
        this.route('PUT', async (request) => {
          const t = this.tickets.get(Number(/\/tickets\/(\d+)/.exec(request.url)?.[1]));
          if (!t) return notFound();
          const body = (await request.json()) as { ticket: Record<string, unknown> };
          return this.updateTicket(t, body.ticket);
        }),
      ),
      http.get(
        u('/ticket_forms.json'),
        this.route('GET', () =>
          HttpResponse.json({
            ticket_forms: [...this.forms.values()].map((f) => ({ ...f, default: false, ticket_field_ids: [] })),
            next_page: null,
          }),
        ),
      ),
      http.get(
        u('/users/:id/organization_memberships.json'),
        this.route('GET', ({ url }) => {
          const id = Number(/\/users\/(\d+)\//.exec(url)?.[1]);
          const list = this.memberships.filter((m) => m.user_id === id).sort((a, b) => Number(b.default) - Number(a.default));
          return HttpResponse.json({ organization_memberships: list, next_page: null });
        }),
      ),
      http.post(
        u('/organization_memberships.json'),
        this.route('POST', async (request) =>
          this.createMembership((await request.json()) as { organization_membership: { user_id: number; organization_id: number } }),
        ),
      ),
      http.get(
        u('/organizations/:id.json'),
        this.route('GET', ({ url }) => {
          const org = this.orgs.get(Number(/\/organizations\/(\d+)/.exec(url)?.[1]));
          return org ? HttpResponse.json({ organization: { ...org, tags: [], domain_names: [], organization_fields: {} } }) : notFound();
        }),
      ),
      http.get(
        u('/users/:id.json'),
        this.route('GET', ({ url }) => {
          const user = this.users.get(Number(/\/users\/(\d+)/.exec(url)?.[1]));
          return user ? HttpResponse.json({ user }) : notFound();
        }),
      ),
      http.put(
        u('/users/:id.json'),
        this.route('PUT', async (request) => {
          const user = this.users.get(Number(/\/users\/(\d+)/.exec(request.url)?.[1]));
          if (!user) return notFound();
          const body = (await request.json()) as { user: { notes: string } };
          user.notes = body.user.notes;
          this.writes.push({ method: 'PUT', path: `/users/${user.id}`, body: body.user });
          return HttpResponse.json({ user });
        }),
      ),
    ];
  }
}
