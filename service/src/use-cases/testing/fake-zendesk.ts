/**
 * An in-memory ZendeskGateway for use-case and route tests: scenario data in plain maps, every call logged (the
 * tests count Zendesk requests per sidebar open), and per-method failures to inject. It throws the same domain errors
 * as the real adapter (NotFoundError for unknown ids), and nothing else.
 */
import type { CommentEvent, FieldChange, OrganizationSnapshot, Schedule } from '@triage-assistant/shared';
import type {
  TicketHistory,
  TicketPatch,
  ZendeskGateway,
  ZendeskMembership,
  ZendeskSlaPolicy,
  ZendeskTicket,
  ZendeskTicketField,
  ZendeskTicketForm,
  ZendeskUser,
} from '../../adapters/zendesk/gateway.js';
import { NotFoundError } from '../../errors.js';

export function zendeskTicket(overrides: Partial<ZendeskTicket> & { id: number }): ZendeskTicket {
  return {
    createdAt: '2026-11-23T17:00:00Z',
    updatedAt: '2026-11-23T17:00:00Z',
    status: 'open',
    priority: 'high',
    type: 'question',
    requesterId: 20001,
    submitterId: 20001,
    organizationId: null,
    formId: 426148,
    tags: [],
    customFields: {},
    channel: 'web',
    slas: null,
    subject: `Ticket ${overrides.id}`,
    groupId: null,
    assigneeId: null,
    ...overrides,
  };
}

export function zendeskUser(overrides: Partial<ZendeskUser> & { id: number }): ZendeskUser {
  return { name: `User ${overrides.id}`, email: null, role: 'end-user', organizationId: null, notes: '', ...overrides };
}

type Method = keyof ZendeskGateway;

export class FakeZendesk implements ZendeskGateway {
  readonly tickets = new Map<number, ZendeskTicket>();
  readonly comments = new Map<number, CommentEvent[]>();
  /** ticketId → its field changes from audits (none unless a test sets some). */
  readonly changes = new Map<number, FieldChange[]>();
  /** ticketId → the newest audit the history is read through (default: the ticket's `updatedAt`, i.e. up to date). */
  readonly historyAsOf = new Map<number, string>();
  readonly users = new Map<number, ZendeskUser>();
  /** userId → organization ids, default first. */
  readonly memberships = new Map<number, number[]>();
  readonly organizations = new Map<number, OrganizationSnapshot>();
  readonly memberCounts = new Map<number, number>();
  /** The account's ticket forms (`listTicketForms`), in Zendesk's order. */
  readonly forms: ZendeskTicketForm[] = [];
  /** Every call, as `method(arg)`, in order. */
  readonly calls: string[] = [];
  /** Make a method throw (e.g. a ZendeskRateLimitedError). */
  readonly failures = new Map<Method, Error>();

  private record(method: Method, arg: unknown = ''): void {
    this.calls.push(`${method}(${Array.isArray(arg) ? arg.join(',') : String(arg)})`);
    const failure = this.failures.get(method);
    if (failure) throw failure;
  }

  count(method?: Method): number {
    return method === undefined ? this.calls.length : this.calls.filter((c) => c.startsWith(`${method}(`)).length;
  }

  addTicket(t: ZendeskTicket, comments: CommentEvent[] = []): this {
    this.tickets.set(t.id, t);
    this.comments.set(t.id, comments);
    return this;
  }
  addOrganization(o: OrganizationSnapshot, members = 0): this {
    this.organizations.set(o.id, o);
    this.memberCounts.set(o.id, members);
    return this;
  }
  addForm(f: Partial<ZendeskTicketForm> & { id: number; name: string }): this {
    this.forms.push({ active: true, isDefault: false, fieldIds: [], ...f });
    return this;
  }
  addUser(u: ZendeskUser, organizationIds: number[] = []): this {
    this.users.set(u.id, u);
    this.memberships.set(u.id, organizationIds);
    return this;
  }

  async getTicket(id: number): Promise<ZendeskTicket> {
    this.record('getTicket', id);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Zendesk has no ticket ${id}`);
    return structuredClone(t);
  }
  async getTicketComments(id: number): Promise<CommentEvent[]> {
    this.record('getTicketComments', id);
    if (!this.tickets.has(id)) throw new NotFoundError(`Zendesk has no ticket ${id}`);
    return structuredClone(this.comments.get(id) ?? []);
  }
  async getTicketHistory(id: number): Promise<TicketHistory> {
    this.record('getTicketHistory', id);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Zendesk has no ticket ${id}`);
    return { changes: structuredClone(this.changes.get(id) ?? []), latestAuditAt: this.historyAsOf.get(id) ?? t.updatedAt };
  }
  async showManyTickets(ids: readonly number[]): Promise<ZendeskTicket[]> {
    this.record('showManyTickets', ids);
    return ids.flatMap((id) => {
      const t = this.tickets.get(id);
      return t ? [structuredClone(t)] : [];
    });
  }
  async getUser(id: number): Promise<ZendeskUser> {
    this.record('getUser', id);
    const u = this.users.get(id);
    if (!u) throw new NotFoundError(`Zendesk has no user ${id}`);
    return structuredClone(u);
  }
  async listUserMemberships(userId: number): Promise<ZendeskMembership[]> {
    this.record('listUserMemberships', userId);
    // As Zendesk (and the simulator) answer for a user that does not exist (deleted, or an id made up): 404.
    if (!this.users.has(userId)) throw new NotFoundError('Zendesk has no such resource (GET /users/:id/organization_memberships)');
    return (this.memberships.get(userId) ?? []).map((organizationId, i) => ({
      id: userId * 1000 + i,
      userId,
      organizationId,
      isDefault: i === 0,
    }));
  }
  async getOrganization(id: number): Promise<OrganizationSnapshot> {
    this.record('getOrganization', id);
    const o = this.organizations.get(id);
    if (!o) throw new NotFoundError(`Zendesk has no organization ${id}`);
    return structuredClone(o);
  }
  async getOrganizations(ids: readonly number[]): Promise<OrganizationSnapshot[]> {
    this.record('getOrganizations', ids);
    return ids.flatMap((id) => {
      const o = this.organizations.get(id);
      return o ? [structuredClone(o)] : [];
    });
  }
  async searchOrganizationsByDomain(domain: string): Promise<OrganizationSnapshot[]> {
    this.record('searchOrganizationsByDomain', domain);
    return [...this.organizations.values()].filter((o) => (o.domainNames ?? []).some((d) => d.toLowerCase() === domain.toLowerCase()));
  }
  async listRequesterTickets(userId: number): Promise<ZendeskTicket[]> {
    this.record('listRequesterTickets', userId);
    return [...this.tickets.values()].filter((t) => t.requesterId === userId);
  }
  async searchOpenGroupTickets(groupId: number, limit = 300): Promise<ZendeskTicket[]> {
    this.record('searchOpenGroupTickets', groupId);
    return [...this.tickets.values()]
      .filter((t) => t.groupId === groupId && (t.status === 'new' || t.status === 'open'))
      .slice(0, limit);
  }
  async listUsersByEmailDomain(domain: string): Promise<ZendeskUser[]> {
    this.record('listUsersByEmailDomain', domain);
    return [...this.users.values()].filter((u) => u.email?.toLowerCase().endsWith(`@${domain.toLowerCase()}`) === true);
  }
  async countOrganizationMembers(orgId: number): Promise<number> {
    this.record('countOrganizationMembers', orgId);
    return this.memberCounts.get(orgId) ?? 0;
  }
  async createMembership(): Promise<{ alreadyMember: true }> {
    throw new Error('FakeZendesk: createMembership is not used by read-side tests');
  }
  async updateTicket(_id: number, _patch: TicketPatch): Promise<ZendeskTicket> {
    throw new Error('FakeZendesk: updateTicket is not used by read-side tests');
  }
  /** Merges into the stored ticket's tags, as Zendesk's Add Tags does. */
  async addTicketTags(id: number, tags: readonly string[]): Promise<string[]> {
    this.record('addTicketTags', `${id}:${tags.join(',')}`);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Zendesk has no ticket ${id}`);
    t.tags = [...new Set([...t.tags, ...tags])];
    return [...t.tags];
  }
  async appendUserNotes(): Promise<void> {
    throw new Error('FakeZendesk: appendUserNotes is not used by read-side tests');
  }
  async listTicketForms(): Promise<ZendeskTicketForm[]> {
    this.record('listTicketForms');
    return structuredClone(this.forms);
  }
  async listTicketFields(): Promise<ZendeskTicketField[]> {
    return [];
  }
  async listSlaPolicies(): Promise<ZendeskSlaPolicy[]> {
    return [];
  }
  async getSchedule(id: number): Promise<Schedule> {
    throw new NotFoundError(`FakeZendesk: no schedule ${id}`);
  }
  async listSchedules(): Promise<Schedule[]> {
    return [];
  }
}
