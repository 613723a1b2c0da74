/**
 * The one route table both doors (msw handlers, node:http server) serve. A route = method + templated path under
 * `/api/v2` (matched with or without node-zendesk's `.json` suffix, extra query ignored) + a handler returning
 * `{status, headers, body}`. Cross-cutting, as Zendesk: Authorization (Basic or Bearer) required → 401; the rolling
 * per-minute rate limit → 429 + Retry-After; cursor pagination (`page[size]`, `meta.has_more`, `links.next`) on
 * cursor-capable lists, offset pagination (`page`, `per_page`, `next_page`) otherwise and always on search.
 * Every request is logged with its templated path (benchmarks count requests and writes).
 */
import { Buffer } from 'node:buffer';
import {
  ZendeskApiError,
  type CreateTicketInput,
  type UpdateTicketInput,
  type ZendeskSimulator,
} from './model.js';
import type { ZdOrganization, ZdTicket, ZdUser } from './types.js';

export interface SimRequest {
  method: string;
  /** Absolute URL as the client sent it. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: string | null;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface RouteContext {
  sim: ZendeskSimulator;
  params: Record<string, number>;
  query: URLSearchParams;
  url: URL;
  body: unknown;
  actorId: number;
}

type Handler = (ctx: RouteContext) => { status?: number; body: unknown };

export interface Route {
  method: 'GET' | 'PUT' | 'POST';
  /** Templated path under /api/v2, `:name` = a numeric id. */
  path: string;
  handler: Handler;
}

export const API_PREFIX = '/api/v2';

function bad(status: number, error: string, description: string): ZendeskApiError {
  return new ZendeskApiError(status, { error, description });
}

function includes(query: URLSearchParams): Set<string> {
  return new Set((query.get('include') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

function ticketView(sim: ZendeskSimulator, ticket: ZdTicket, include: Set<string>): Record<string, unknown> {
  const view: Record<string, unknown> = { ...structuredClone(ticket) };
  if (include.has('slas')) view['slas'] = sim.ticketSlas(ticket.id);
  return view;
}

/** `include=users,organizations` sideloads for a set of tickets. */
function ticketSideloads(sim: ZendeskSimulator, tickets: readonly ZdTicket[], include: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (include.has('users')) {
    const ids = new Set(tickets.flatMap((t) => [t.requester_id, t.submitter_id, t.assignee_id].filter((x): x is number => x !== null)));
    out['users'] = [...ids].map((id) => sim.users.get(id)).filter((u): u is ZdUser => u !== undefined);
  }
  if (include.has('organizations')) {
    const ids = new Set(tickets.map((t) => t.organization_id).filter((x): x is number => x !== null));
    out['organizations'] = [...ids].map((id) => sim.organizations.get(id)).filter((o): o is ZdOrganization => o !== undefined);
  }
  return out;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Cursor pagination when `page[size]` or a cursor is given, offset pagination otherwise. */
function paginate<T>(items: readonly T[], key: string, ctx: RouteContext, cursorCapable = true): Record<string, unknown> {
  const q = ctx.query;
  const cursorMode = cursorCapable && (q.has('page[size]') || q.has('page[after]') || q.has('page[before]'));
  if (cursorMode) {
    const size = Math.min(100, positiveInt(q.get('page[size]'), 100));
    const after = q.get('page[after]');
    const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) throw bad(400, 'InvalidPaginationParameter', 'page[after] is not a valid cursor');
    const slice = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    const cursor = (index: number) => Buffer.from(String(index), 'utf8').toString('base64url');
    const link = (param: 'page[after]' | 'page[before]', value: string) => {
      const next = new URL(ctx.url.toString());
      next.searchParams.delete('page[after]');
      next.searchParams.delete('page[before]');
      next.searchParams.set('page[size]', String(size));
      next.searchParams.set(param, value);
      return next.toString();
    };
    const afterCursor = slice.length > 0 ? cursor(start + slice.length) : null;
    const beforeCursor = slice.length > 0 ? cursor(start) : null;
    return {
      [key]: slice,
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        next: hasMore && afterCursor ? link('page[after]', afterCursor) : null,
        prev: start > 0 && beforeCursor ? link('page[before]', beforeCursor) : null,
      },
    };
  }
  const perPage = Math.min(100, positiveInt(q.get('per_page'), 100));
  const page = positiveInt(q.get('page'), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const pageUrl = (n: number) => {
    const u = new URL(ctx.url.toString());
    u.searchParams.set('page', String(n));
    u.searchParams.set('per_page', String(perPage));
    return u.toString();
  };
  return {
    [key]: slice,
    next_page: page * perPage < items.length ? pageUrl(page + 1) : null,
    previous_page: page > 1 ? pageUrl(page - 1) : null,
    count: items.length,
  };
}

function idsParam(query: URLSearchParams): number[] {
  return (query.get('ids') ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

function envelope<T>(body: unknown, key: string): T {
  const inner = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (inner === null || typeof inner !== 'object') throw bad(400, 'InvalidParameter', `Parameter ${key} is required`);
  return inner as T;
}

// ---- search --------------------------------------------------------------------------------------------------

interface SearchTerm {
  key: string | null;
  /** `:` for equality; `<`, `>`, `<=`, `>=` for ordered fields (status). */
  op: string;
  value: string;
}

/**
 * Zendesk search syntax, the small part used here: `type:x`, `key:value`, `key:"quoted value"`, `status<pending`,
 * free words.
 */
export function parseSearchQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const re = /(?:(\w+)(:|<=|>=|<|>))?("([^"]*)"|\S+)/g;
  for (const m of query.matchAll(re)) {
    const value = m[4] ?? m[3] ?? '';
    terms.push({ key: m[1]?.toLowerCase() ?? null, op: m[2] ?? ':', value });
  }
  return terms;
}

const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

function compareStatus(status: string, op: string, value: string): boolean {
  const a = STATUS_ORDER.indexOf(status);
  const b = STATUS_ORDER.indexOf(value.toLowerCase());
  if (a < 0 || b < 0) return false;
  if (op === '<') return a < b;
  if (op === '>') return a > b;
  if (op === '<=') return a <= b;
  if (op === '>=') return a >= b;
  return a === b;
}

function textMatch(haystack: string | null | undefined, pattern: string): boolean {
  const h = (haystack ?? '').toLowerCase();
  const p = pattern.toLowerCase();
  if (p.includes('*')) {
    const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(h);
  }
  return h === p || h.includes(p);
}

function searchOrganization(org: ZdOrganization, t: SearchTerm): boolean {
  switch (t.key) {
    case 'name':
      return textMatch(org.name, t.value);
    case 'domain':
    case 'domain_names':
      return org.domain_names.some((d) => textMatch(d, t.value) && (t.value.includes('*') || d.toLowerCase() === t.value.toLowerCase()));
    case 'tags':
    case 'tag':
      return org.tags.includes(t.value);
    case 'external_id':
      return (org.external_id ?? '').toLowerCase() === t.value.toLowerCase();
    case null:
      return textMatch(org.name, t.value) || org.domain_names.some((d) => d.toLowerCase() === t.value.toLowerCase());
    default:
      return false;
  }
}

function searchUser(sim: ZendeskSimulator, user: ZdUser, t: SearchTerm): boolean {
  switch (t.key) {
    case 'email':
      return user.email !== null && textMatch(user.email, t.value) && (t.value.includes('*') || user.email.toLowerCase() === t.value.toLowerCase());
    case 'name':
      return textMatch(user.name, t.value);
    case 'role':
      return user.role === t.value;
    case 'organization':
    case 'organization_id':
      return sim.listMemberships({ userId: user.id }).some((m) => String(m.organization_id) === t.value);
    case null:
      return textMatch(user.name, t.value) || textMatch(user.email, t.value);
    default:
      return false;
  }
}

function searchTicket(sim: ZendeskSimulator, ticket: ZdTicket, t: SearchTerm): boolean {
  switch (t.key) {
    case 'requester': {
      if (/^\d+$/.test(t.value)) return ticket.requester_id === Number(t.value);
      const email = sim.users.get(ticket.requester_id)?.email ?? '';
      return textMatch(email, t.value) && (t.value.includes('*') || email.toLowerCase() === t.value.toLowerCase());
    }
    case 'organization':
    case 'organization_id':
      return t.value === 'none' ? ticket.organization_id === null : String(ticket.organization_id) === t.value;
    case 'status':
      return compareStatus(ticket.status, t.op, t.value);
    case 'group':
    case 'group_id':
      return t.value === 'none' ? ticket.group_id === null : String(ticket.group_id) === t.value;
    case 'priority':
      return ticket.priority === t.value;
    case 'form':
    case 'ticket_form_id':
      return String(ticket.ticket_form_id) === t.value;
    case 'tags':
    case 'tag':
      return ticket.tags.includes(t.value);
    case 'assignee':
      return t.value === 'none' ? ticket.assignee_id === null : String(ticket.assignee_id) === t.value;
    case null:
      return textMatch(ticket.subject, t.value) || textMatch(ticket.description, t.value);
    default:
      return false;
  }
}

/** Results of a search query, each with `result_type`, in id order (Zendesk's relevance order is not modelled). */
export function search(sim: ZendeskSimulator, query: string): Record<string, unknown>[] {
  const terms = parseSearchQuery(query);
  const type = terms.find((t) => t.key === 'type')?.value.toLowerCase() ?? null;
  const rest = terms.filter((t) => t.key !== 'type');
  const out: Record<string, unknown>[] = [];
  if (type === null || type === 'organization') {
    for (const org of sim.organizations.values()) if (rest.every((t) => searchOrganization(org, t))) out.push({ ...org, result_type: 'organization' });
  }
  if (type === null || type === 'user') {
    for (const user of sim.users.values()) if (rest.every((t) => searchUser(sim, user, t))) out.push({ ...user, result_type: 'user' });
  }
  if (type === null || type === 'ticket') {
    for (const ticket of sim.tickets.values()) if (rest.every((t) => searchTicket(sim, ticket, t))) out.push({ ...ticket, result_type: 'ticket' });
  }
  return out;
}

// ---- routes --------------------------------------------------------------------------------------------------

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/tickets/show_many',
    handler: ({ sim, query }) => {
      const include = includes(query);
      const tickets = idsParam(query).map((id) => sim.tickets.get(id)).filter((t): t is ZdTicket => t !== undefined);
      return { body: { tickets: tickets.map((t) => ticketView(sim, t, include)), ...ticketSideloads(sim, tickets, include), next_page: null, previous_page: null, count: tickets.length } };
    },
  },
  {
    method: 'GET',
    path: '/tickets/:id',
    handler: ({ sim, params, query }) => {
      const include = includes(query);
      const ticket = sim.getTicket(params['id'] ?? 0);
      return { body: { ticket: ticketView(sim, ticket, include), ...ticketSideloads(sim, [ticket], include) } };
    },
  },
  {
    method: 'PUT',
    path: '/tickets/:id',
    handler: ({ sim, params, body, actorId }) => {
      const { ticket, audit } = sim.updateTicket(params['id'] ?? 0, envelope<UpdateTicketInput>(body, 'ticket'), actorId);
      return { body: { ticket: structuredClone(ticket), audit } };
    },
  },
  {
    // Add Tags: merged into the ticket's tags (an update like any other: audit, triggers, updated_at).
    method: 'PUT',
    path: '/tickets/:id/tags',
    handler: ({ sim, params, body, actorId }) => {
      const tags = (body as { tags?: unknown } | null)?.tags;
      if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw bad(400, 'InvalidParameter', 'tags must be an array of strings');
      const { ticket } = sim.updateTicket(params['id'] ?? 0, { additional_tags: tags as string[] }, actorId);
      return { body: { tags: [...ticket.tags] } };
    },
  },
  {
    method: 'POST',
    path: '/tickets',
    handler: ({ sim, body, actorId }) => {
      const input = envelope<CreateTicketInput>(body, 'ticket');
      const { created_at: _ignored, ...rest } = input;
      const ticket = sim.createTicket({ ...rest, requester_id: rest.requester_id ?? actorId, submitter_id: rest.submitter_id ?? actorId }, actorId);
      const audit = sim.ticketAudits(ticket.id).at(-1);
      return { status: 201, body: { ticket: structuredClone(ticket), audit } };
    },
  },
  {
    method: 'GET',
    path: '/tickets/:id/comments',
    handler: (ctx) => {
      const comments = ctx.sim.ticketComments(ctx.params['id'] ?? 0);
      if (ctx.query.get('sort_order') === 'desc') comments.reverse();
      const page = paginate(comments, 'comments', ctx);
      if (includes(ctx.query).has('users')) {
        const ids = new Set((page['comments'] as typeof comments).map((c) => c.author_id));
        page['users'] = [...ids].map((id) => ctx.sim.users.get(id)).filter((u): u is ZdUser => u !== undefined);
      }
      return { body: page };
    },
  },
  {
    method: 'GET',
    path: '/tickets/:id/audits',
    handler: (ctx) => ({ body: paginate(ctx.sim.ticketAudits(ctx.params['id'] ?? 0), 'audits', ctx) }),
  },
  {
    method: 'GET',
    path: '/users',
    handler: (ctx) => {
      const role = ctx.query.get('role');
      const users = [...ctx.sim.users.values()].filter((u) => role === null || u.role === role).sort((a, b) => a.id - b.id);
      return { body: paginate(users, 'users', ctx) };
    },
  },
  {
    method: 'GET',
    path: '/users/:id',
    handler: ({ sim, params }) => ({ body: { user: sim.getUser(params['id'] ?? 0) } }),
  },
  {
    method: 'PUT',
    path: '/users/:id',
    handler: ({ sim, params, body }) => {
      const patch = envelope<{ name?: string; notes?: string; details?: string; tags?: string[] }>(body, 'user');
      return { body: { user: sim.updateUser(params['id'] ?? 0, patch) } };
    },
  },
  {
    method: 'GET',
    path: '/users/:id/organization_memberships',
    handler: (ctx) => {
      const userId = ctx.params['id'] ?? 0;
      ctx.sim.getUser(userId);
      return { body: paginate(ctx.sim.listMemberships({ userId }), 'organization_memberships', ctx) };
    },
  },
  {
    method: 'PUT',
    path: '/users/:id/organization_memberships/:membership_id/make_default',
    handler: ({ sim, params }) => ({ body: { organization_memberships: sim.makeDefaultMembership(params['id'] ?? 0, params['membership_id'] ?? 0) } }),
  },
  {
    method: 'GET',
    path: '/users/:id/tickets/requested',
    handler: (ctx) => {
      const userId = ctx.params['id'] ?? 0;
      ctx.sim.getUser(userId);
      const include = includes(ctx.query);
      const tickets = [...ctx.sim.tickets.values()].filter((t) => t.requester_id === userId).map((t) => ticketView(ctx.sim, t, include));
      return { body: paginate(tickets, 'tickets', ctx) };
    },
  },
  {
    method: 'POST',
    path: '/organization_memberships',
    handler: ({ sim, body }) => {
      const input = envelope<{ user_id: number; organization_id: number }>(body, 'organization_membership');
      return { status: 201, body: { organization_membership: sim.createMembership({ user_id: Number(input.user_id), organization_id: Number(input.organization_id) }) } };
    },
  },
  {
    method: 'GET',
    path: '/organization_memberships',
    handler: (ctx) => {
      const org = ctx.query.get('organization_id');
      const user = ctx.query.get('user_id');
      const list = ctx.sim.listMemberships({ ...(org ? { organizationId: Number(org) } : {}), ...(user ? { userId: Number(user) } : {}) });
      return { body: paginate(list, 'organization_memberships', ctx) };
    },
  },
  {
    method: 'GET',
    path: '/organizations/show_many',
    handler: ({ sim, query }) => {
      const orgs = idsParam(query).map((id) => sim.organizations.get(id)).filter((o): o is ZdOrganization => o !== undefined);
      return { body: { organizations: orgs, next_page: null, previous_page: null, count: orgs.length } };
    },
  },
  {
    method: 'GET',
    path: '/organizations/autocomplete',
    handler: (ctx) => {
      const name = (ctx.query.get('name') ?? '').trim().toLowerCase();
      if (name.length < 2) throw bad(400, 'InvalidParameter', 'name must be at least 2 characters');
      const orgs = [...ctx.sim.organizations.values()].filter((o) => o.name.toLowerCase().startsWith(name)).sort((a, b) => a.name.localeCompare(b.name));
      return { body: paginate(orgs, 'organizations', ctx, false) };
    },
  },
  {
    method: 'GET',
    path: '/organizations/:id',
    handler: ({ sim, params }) => ({ body: { organization: sim.getOrganization(params['id'] ?? 0) } }),
  },
  {
    method: 'GET',
    path: '/organizations/:id/related',
    handler: ({ sim, params }) => {
      const id = params['id'] ?? 0;
      sim.getOrganization(id);
      return {
        body: {
          organization_related: {
            users_count: sim.listMemberships({ organizationId: id }).length,
            tickets_count: [...sim.tickets.values()].filter((t) => t.organization_id === id).length,
          },
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/organizations/:id/organization_memberships',
    handler: (ctx) => {
      const organizationId = ctx.params['id'] ?? 0;
      ctx.sim.getOrganization(organizationId);
      return { body: paginate(ctx.sim.listMemberships({ organizationId }), 'organization_memberships', ctx) };
    },
  },
  {
    method: 'GET',
    path: '/search',
    handler: (ctx) => {
      const query = ctx.query.get('query');
      if (query === null || query.trim() === '') throw bad(400, 'invalid', 'Search query is required');
      const page = paginate(search(ctx.sim, query), 'results', ctx, false);
      return { body: { ...page, facets: null } };
    },
  },
  {
    method: 'GET',
    path: '/ticket_forms',
    handler: ({ sim, query }) => {
      const active = query.get('active');
      const forms = [...sim.ticketForms.values()]
        .filter((f) => active === null || String(f.active) === active)
        .sort((a, b) => a.position - b.position);
      return { body: { ticket_forms: forms, next_page: null, previous_page: null, count: forms.length } };
    },
  },
  {
    method: 'GET',
    path: '/ticket_fields',
    handler: (ctx) => ({ body: paginate([...ctx.sim.ticketFields.values()].sort((a, b) => a.position - b.position), 'ticket_fields', ctx) }),
  },
  {
    method: 'GET',
    path: '/slas/policies',
    handler: ({ sim }) => {
      const policies = [...sim.slaPolicies.values()].sort((a, b) => a.position - b.position);
      return { body: { sla_policies: policies, next_page: null, previous_page: null, count: policies.length } };
    },
  },
  {
    method: 'GET',
    path: '/business_hours/schedules',
    handler: ({ sim }) => ({ body: { schedules: [...sim.schedules.values()] } }),
  },
  {
    method: 'GET',
    path: '/business_hours/schedules/:id',
    handler: ({ sim, params }) => {
      const schedule = sim.schedules.get(params['id'] ?? 0);
      if (!schedule) throw new ZendeskApiError(404, { error: 'RecordNotFound', description: 'Not found' });
      return { body: { schedule } };
    },
  },
];

interface CompiledRoute extends Route {
  re: RegExp;
  names: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/:(\w+)/g, (_m, name: string) => {
    names.push(name);
    return '(\\d+)';
  });
  return { ...route, re: new RegExp(`^${pattern}(?:\\.json)?$`), names };
});

/** The route and params for a path under /api/v2 (with or without `.json`), or null. */
export function matchRoute(method: string, apiPath: string): { route: Route; params: Record<string, number> } | null {
  for (const route of COMPILED) {
    if (route.method !== method) continue;
    const m = route.re.exec(apiPath);
    if (!m) continue;
    const params: Record<string, number> = {};
    route.names.forEach((name, i) => (params[name] = Number(m[i + 1])));
    return { route, params };
  }
  return null;
}

function jsonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'Content-Type': 'application/json; charset=utf-8', ...extra };
}

/** The user a request acts as: Basic `email/token:…` names a user; otherwise the API user. */
function actorOf(sim: ZendeskSimulator, authorization: string): number {
  if (!authorization.startsWith('Basic ')) return sim.apiUserId;
  const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
  const email = decoded.split(':')[0]?.replace(/\/token$/, '').toLowerCase();
  for (const user of sim.users.values()) if (user.email?.toLowerCase() === email) return user.id;
  return sim.apiUserId;
}

/** Serve one request against the simulator: auth, rate limit, routing, errors as Zendesk writes them, logging. */
export function handleZendeskRequest(sim: ZendeskSimulator, req: SimRequest): SimResponse {
  const url = new URL(req.url);
  const method = req.method.toUpperCase();
  const at = url.pathname.indexOf(API_PREFIX);
  const apiPath = at >= 0 ? url.pathname.slice(at + API_PREFIX.length) : url.pathname;
  const matched = matchRoute(method, apiPath);
  const logPath = matched?.route.path ?? apiPath.replace(/\.json$/, '').replace(/\/\d+/g, '/:id');
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}): SimResponse => {
    sim.logRequest({ method, path: logPath, url: url.pathname + url.search, status });
    const remaining = sim.rateRemaining();
    const rateHeaders: Record<string, string> =
      sim.rateLimitPerMinute === null ? {} : { 'X-Rate-Limit': String(sim.rateLimitPerMinute), 'X-Rate-Limit-Remaining': String(remaining ?? 0) };
    return { status, headers: jsonHeaders({ ...rateHeaders, ...headers }), body };
  };

  const authorization = req.headers['authorization'] ?? '';
  if (!/^(Basic|Bearer) \S+/.test(authorization)) return respond(401, { error: "Couldn't authenticate you" });
  const retryAfter = sim.takeRateToken();
  if (retryAfter !== null) {
    return respond(429, { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' }, { 'Retry-After': String(retryAfter) });
  }
  if (!matched) return respond(404, { error: 'InvalidEndpoint', description: 'Not found' });

  let body: unknown = null;
  if (req.body !== null && req.body.trim() !== '') {
    try {
      body = JSON.parse(req.body);
    } catch {
      return respond(400, { error: 'InvalidJSON', description: 'The request body is not valid JSON' });
    }
  }
  try {
    const result = matched.route.handler({ sim, params: matched.params, query: url.searchParams, url, body, actorId: actorOf(sim, authorization) });
    return respond(result.status ?? 200, result.body);
  } catch (error) {
    if (error instanceof ZendeskApiError) return respond(error.status, error.body, error.headers);
    throw error;
  }
}
