import { GITLAB_POLICY, ValidationError } from '@triage-assistant/shared';
import { latestAuditAt, toCommentEvents, toFieldChanges, toOrganizationSnapshot, toTicketSnapshot, toZendeskTicket, toZendeskUser, ticketFieldIds } from './map-ticket.js';
import {
  RawAuditsResponseSchema,
  RawCommentsResponseSchema,
  RawOrganizationResponseSchema,
  RawTicketResponseSchema,
  RawUserResponseSchema,
} from './raw-schemas.js';
import { loadFixture } from './testing/fixtures.js';

const forms = [
  { id: 426148, problemType: { fieldId: 360017156474, name: 'Self-managed Problem Type', values: [], required: true } },
  { id: 360000071293, problemType: { fieldId: 360020421853, name: 'Transactions Issue Type', values: [], required: true } },
];
// GitLab's Customer Severity and Preferred Region (the fixtures' fields), as the default policy names them.
const ids = { ...ticketFieldIds(GITLAB_POLICY), forms };

function sources() {
  const ticket = toZendeskTicket(RawTicketResponseSchema.parse(loadFixture('ticket-with-slas')).ticket);
  const rawComments = RawCommentsResponseSchema.parse(loadFixture('ticket-comments'));
  const comments = toCommentEvents(rawComments.comments, rawComments.users);
  const requester = toZendeskUser(RawUserResponseSchema.parse(loadFixture('user-requester')).user);
  const organization = toOrganizationSnapshot(RawOrganizationResponseSchema.parse(loadFixture('organization')).organization);
  return { ticket, comments, requester, organization };
}

describe('toZendeskTicket', () => {
  it('keys custom fields by id and maps the slas sideload', () => {
    const t = toZendeskTicket(RawTicketResponseSchema.parse(loadFixture('ticket-with-slas')).ticket);
    expect(t).toMatchObject({ id: 512734, requesterId: 389614725013, organizationId: 360045218731, formId: 426148, priority: 'high', status: 'open', updatedAt: '2026-11-24T17:41:03Z' });
    expect(t.customFields[360020735319]).toBe('severity_2');
    expect(t.slas).toEqual([{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-24T20:05:12Z' }]);
  });

  it('reports a missing sideload as null, not as "no SLA"', () => {
    const t = toZendeskTicket(RawTicketResponseSchema.parse(loadFixture('ticket-without-slas')).ticket);
    expect(t.slas).toBeNull();
  });
});

describe('toCommentEvents', () => {
  it('resolves roles from the users sideload and marks trigger comments as system', () => {
    const { comments } = sources();
    expect(comments).toEqual([
      { id: 38264410001, public: true, authorRole: 'end-user', authorId: 389614725013, createdAt: '2026-11-24T16:05:12Z' },
      { id: 38264410012, public: false, authorRole: 'system', createdAt: '2026-11-24T16:05:14Z' },
      { id: 38264410023, public: false, authorRole: 'agent', authorId: 366007316151, createdAt: '2026-11-24T17:02:40Z' },
      { id: 38264410034, public: true, authorRole: 'agent', authorId: 366007316151, createdAt: '2026-11-24T17:41:03Z' },
    ]);
  });

  it('sorts oldest first and treats an author missing from the sideload as an end user', () => {
    const events = toCommentEvents(
      [
        { id: 2, author_id: 77, public: true, created_at: '2026-11-24T12:00:00Z' },
        { id: 1, author_id: 78, public: true, created_at: '2026-11-24T11:00:00Z', via: { channel: 'answer_bot' } },
      ],
      [],
    );
    expect(events.map((e) => [e.id, e.authorRole])).toEqual([[1, 'bot'], [2, 'end-user']]);
  });
});

describe('toFieldChanges', () => {
  const audit = (created_at: string, ...events: Record<string, unknown>[]) => ({ created_at, events: events.map((e) => ({ type: 'Change', ...e })) });

  it('keeps the fields a deadline depends on, as text, and sorts the audits oldest first', () => {
    const changes = toFieldChanges([
      audit('2026-11-24T17:00:00Z', { field_name: 'priority', previous_value: 'high', value: 'urgent' }),
      audit('2026-11-24T16:00:00Z', { field_name: 'organization_id', previous_value: 360045218731, value: 360051109922 }, { field_name: 'status', previous_value: 'open', value: 'pending' }),
    ]);
    expect(changes).toEqual([
      { at: '2026-11-24T16:00:00Z', field: 'organization', from: '360045218731', to: '360051109922' },
      { at: '2026-11-24T16:00:00Z', field: 'status', from: 'open', to: 'pending' },
      { at: '2026-11-24T17:00:00Z', field: 'priority', from: 'high', to: 'urgent' },
    ]);
  });

  it("keeps how each change was made: the event's own via (a trigger's action), else the audit's", () => {
    const changes = toFieldChanges([
      {
        created_at: '2026-11-24T16:00:00Z',
        via: { channel: 'web' },
        events: [
          { type: 'Change', field_name: 'priority', previous_value: 'normal', value: 'high' },
          { type: 'Change', field_name: 'status', previous_value: 'new', value: 'open', via: { channel: 'rule', source: { rel: 'trigger' } } },
        ],
      },
      audit('2026-11-24T17:00:00Z', { field_name: 'priority', previous_value: 'high', value: 'low' }),
    ]);
    expect(changes.map((c) => [c.field, c.via])).toEqual([
      ['priority', 'web'],
      ['status', 'rule'],
      ['priority', undefined],
    ]);
  });

  it('skips only what it cannot read: odd events, odd event lists, audits without an instant', () => {
    const good = { type: 'Change', field_name: 'priority', previous_value: 'low', value: 'high' };
    const changes = toFieldChanges([
      { created_at: '2026-11-24T16:00:00Z', events: [null, 'x', { field_name: 'priority' }, { type: 'Change', field_name: '__proto__', value: 'a', previous_value: 'b' }, { type: 'Change', field_name: 'constructor', value: 'a', previous_value: 'b' }, good] },
      { created_at: '2026-11-24T16:01:00Z', events: null },
      { events: [good] },
      { created_at: 1700000000, events: [good] },
    ] as never);
    expect(changes).toEqual([{ at: '2026-11-24T16:00:00Z', field: 'priority', from: 'low', to: 'high' }]);
    // The response schema lets such audits through instead of failing the page.
    expect(RawAuditsResponseSchema.safeParse({ audits: [{ created_at: null, events: null, via: 'web' }, { events: [{ via: 3 }] }] }).success).toBe(true);
  });

  it('reads "" and null as no value (a priority cleared, an organization removed)', () => {
    expect(
      toFieldChanges([
        audit('2026-11-24T16:00:00Z', { field_name: 'priority', previous_value: 'low', value: '' }, { field_name: 'organization_id', previous_value: '360045218731', value: null }),
      ]),
    ).toEqual([
      { at: '2026-11-24T16:00:00Z', field: 'priority', from: 'low', to: null },
      { at: '2026-11-24T16:00:00Z', field: 'organization', from: '360045218731', to: null },
    ]);
  });

  it('skips other events, other fields, non-scalar values, no-op changes and audits without a valid instant', () => {
    expect(
      toFieldChanges([
        { created_at: '2026-11-24T16:00:00Z', events: [{ type: 'Create', field_name: 'priority', value: 'high' }, { type: 'Comment', body: 'hi' }] },
        audit('2026-11-24T16:05:00Z', { field_name: 'tags', previous_value: ['a'], value: ['a', 'b'] }, { field_name: 'assignee_id', previous_value: null, value: 7 }),
        audit('2026-11-24T16:06:00Z', { field_name: 'priority', previous_value: { v: 1 }, value: 'high' }, { field_name: 'status', previous_value: 'open', value: 'open' }),
        audit('yesterday', { field_name: 'priority', previous_value: 'low', value: 'high' }),
      ]),
    ).toEqual([]);
  });
});

describe('latestAuditAt', () => {
  it('is the newest valid audit instant, whatever the order, and null without one', () => {
    expect(latestAuditAt([{ created_at: '2026-11-24T17:00:00Z', events: [] }, { created_at: '2026-11-24T18:00:00Z', events: [] }, { created_at: '2026-11-24T16:00:00Z', events: [] }])).toBe('2026-11-24T18:00:00Z');
    expect(latestAuditAt([{ created_at: 'soon', events: [] }, { events: [] }])).toBeNull();
    expect(latestAuditAt([])).toBeNull();
  });
});

describe('ticketFieldIds', () => {
  it("reads the policy's fields unless configuration names others", () => {
    expect(ticketFieldIds(GITLAB_POLICY)).toMatchObject({ severityFieldId: 360020735319, regionFieldId: 360018253094 });
    expect(ticketFieldIds(GITLAB_POLICY, { regionFieldId: 42 })).toMatchObject({ severityFieldId: 360020735319, regionFieldId: 42 });
  });

  it('reads no severity or region for a policy that names no fields', () => {
    const policy = { ...GITLAB_POLICY, fields: { customerSeverity: null, preferredRegion: null } };
    const snap = toTicketSnapshot(sources(), { ...ticketFieldIds(policy), forms });
    expect([snap.customerSeverity, snap.region, snap.problemType]).toEqual([null, null, 'sm_ci_cd_runners']);
  });
});

describe('toTicketSnapshot', () => {
  it('resolves severity, the form’s problem type and the region from the configured field ids', () => {
    const snap = toTicketSnapshot(sources(), ids);
    expect(snap).toMatchObject({
      id: 512734,
      createdAt: '2026-11-24T16:05:12Z',
      status: 'open',
      priority: 'high',
      type: 'incident',
      formId: 426148,
      customerSeverity: 'severity_2',
      problemType: 'sm_ci_cd_runners',
      region: 'americas_usa',
      via: { channel: 'web' },
      requester: { id: 389614725013, email: 'dana.whitfield@acme-robotics.example', role: 'end-user', organizationIds: [360045218731] },
      organization: { id: 360045218731, name: 'Acme Robotics', tags: ['premium', 'sm_premium'], domainNames: ['acme-robotics.example'] },
      slas: [{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-24T20:05:12Z' }],
    });
    expect(snap.organization?.fields['support_level']).toBe('premium');
    expect(snap.comments).toHaveLength(4);
  });

  it('takes the problem type from the field of the ticket’s own form only', () => {
    const src = sources();
    const onLnr = { ...src, ticket: { ...src.ticket, formId: 360000071293 } };
    // The Self-Managed problem-type value is still on the ticket, but L&R reads 360020421853, which is empty.
    expect(toTicketSnapshot(onLnr, ids).problemType).toBeNull();
    const unknownForm = { ...src, ticket: { ...src.ticket, formId: 999 } };
    expect(toTicketSnapshot(unknownForm, ids).problemType).toBeNull();
  });

  it('uses the enriched membership list and the submitter when given', () => {
    const src = sources();
    const snap = toTicketSnapshot(
      { ...src, requesterOrganizationIds: [360045218731, 360051109922], submitter: { ...src.requester, id: 366007316151, role: 'agent' } },
      ids,
    );
    expect(snap.requester.organizationIds).toEqual([360045218731, 360051109922]);
    expect(snap.submitter).toEqual({ id: 366007316151, role: 'agent' });
  });

  it('rejects a ticket whose timestamps are not ISO instants, naming the field', () => {
    const src = sources();
    const bad = { ...src, ticket: { ...src.ticket, createdAt: 'yesterday' } };
    expect(() => toTicketSnapshot(bad, ids)).toThrow(ValidationError);
    expect(() => toTicketSnapshot(bad, ids)).toThrow(/createdAt/);
  });
});
