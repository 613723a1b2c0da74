import { toTicketSnapshot, readTicketSnapshot, TICKET_PATHS } from './read-snapshot';
import { FakeZafClient } from '../test/fake-zaf-client';
import { zafTicket, SEVERITY_FIELD, SM_PROBLEM_TYPE_FIELD, SELF_MANAGED_FORM } from '../test/fixtures';

const fields = { severityFieldId: SEVERITY_FIELD, problemTypeFieldId: SM_PROBLEM_TYPE_FIELD, regionFieldId: null };
const now = new Date('2026-11-27T16:00:00Z');

describe('toTicketSnapshot', () => {
  it('maps ZAF answers to our snapshot', () => {
    const snapshot = toTicketSnapshot(
      zafTicket({
        [`ticket.customField:custom_field_${SM_PROBLEM_TYPE_FIELD}`]: 'sm_upgrades',
        'ticket.comments': [
          { id: 1, isPublic: true, author: { id: 20001, role: 'end-user' }, createdAt: '2026-11-27T15:00:00Z' },
          { id: 2, isPublic: false, author: { id: 501, role: 'admin' }, createdAt: '2026-11-27T15:10:00.000Z' },
          { id: 3, public: true, author: { id: 501, role: 'agent' }, created_at: '2026-11-27T15:20:00Z' },
          { id: 4, isPublic: true, author: { id: 501, role: 'agent' } },
        ],
      }),
      fields,
      now,
    );
    expect(snapshot).toEqual({
      id: 12345,
      createdAt: '2026-11-27T15:00:00.000Z',
      updatedAt: '2026-11-27T15:05:00.000Z',
      status: 'open',
      priority: 'normal',
      type: 'question',
      formId: SELF_MANAGED_FORM,
      organization: { id: 9001, name: 'Acme Corp', tags: ['premium'], fields: { sfdc_plan: 'premium' } },
      requester: { id: 20001, email: 'dana@acme.example', name: 'Dana Example', role: 'end-user', organizationIds: [9001] },
      customerSeverity: 'severity_2',
      problemType: 'sm_upgrades',
      region: null,
      tags: ['premium'],
      via: { channel: 'web' },
      comments: [
        { id: 1, public: true, authorRole: 'end-user', authorId: 20001, createdAt: '2026-11-27T15:00:00.000Z' },
        { id: 2, public: false, authorRole: 'agent', authorId: 501, createdAt: '2026-11-27T15:10:00.000Z' },
        { id: 3, public: true, authorRole: 'agent', authorId: 501, createdAt: '2026-11-27T15:20:00.000Z' },
      ],
      changes: [],
      slas: [],
    });
  });

  it('reads an unsaved new ticket: no id, created now, no organization, empty priority', () => {
    const snapshot = toTicketSnapshot(
      {
        'ticket.id': 'new/1',
        'ticket.status': 'new',
        'ticket.priority': '',
        'ticket.form.id': null,
        'ticket.organization': null,
        'ticket.requester': { id: 20001, email: null },
        'ticket.via': 'email',
      },
      fields,
      now,
    );
    expect(snapshot).toMatchObject({
      id: null,
      createdAt: '2026-11-27T16:00:00.000Z',
      status: 'new',
      priority: null,
      formId: null,
      organization: null,
      requester: { id: 20001, email: null, organizationIds: [] },
      customerSeverity: null,
      via: { channel: 'email' },
      comments: [],
    });
  });
});

it('readTicketSnapshot reads the base paths, then the custom fields of the form', async () => {
  const client = new FakeZafClient({ data: zafTicket() });
  const snapshot = await readTicketSnapshot(
    client,
    { severityFieldId: SEVERITY_FIELD, regionFieldId: 360099, problemTypeFieldFor: (form) => (form === SELF_MANAGED_FORM ? SM_PROBLEM_TYPE_FIELD : null) },
    now,
  );
  expect(client.calls.get).toEqual([
    [...TICKET_PATHS],
    [
      `ticket.customField:custom_field_${SEVERITY_FIELD}`,
      `ticket.customField:custom_field_${SM_PROBLEM_TYPE_FIELD}`,
      'ticket.customField:custom_field_360099',
    ],
  ]);
  // The region field is not on this ticket: ZAF answers it under errors, and it stays null.
  expect(snapshot.region).toBeNull();
  expect(snapshot.customerSeverity).toBe('severity_2');
});
