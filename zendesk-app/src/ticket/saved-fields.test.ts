import { FakeZafClient } from '../test/fake-zaf-client';
import { readSavedFields } from './saved-fields';

const path = '/api/v2/tickets/42.json';
const answering = (ticket: unknown) => new FakeZafClient({ routes: [{ method: 'GET', path, answer: { status: 200, body: { ticket } } }] });

describe('readSavedFields', () => {
  it("reads the form, priority and status Zendesk has saved, through the agent's own session", async () => {
    const client = answering({ id: 42, ticket_form_id: 360001, priority: 'urgent', status: 'solved' });
    expect(await readSavedFields(client, 42)).toEqual({ formId: 360001, priority: 'urgent', status: 'solved' });
    expect(client.requests('GET', path)).toHaveLength(1);
  });

  it('reads an unset form and priority as null', async () => {
    expect(await readSavedFields(answering({ id: 42, ticket_form_id: null, priority: null, status: 'open' }), 42)).toEqual({ formId: null, priority: null, status: 'open' });
  });

  it.each([
    ['a priority Zendesk does not have', { ticket_form_id: 1, priority: 'critical' }],
    ['a form id that is not a number', { ticket_form_id: '360001', priority: 'low', status: 'open' }],
    ['a status Zendesk does not have', { ticket_form_id: 1, priority: 'low', status: 'archived' }],
    ['no status', { ticket_form_id: 1, priority: 'low' }],
    ['no ticket at all', undefined],
  ])('answers null for %s, so the caller keeps its baseline', async (_name, ticket) => {
    expect(await readSavedFields(answering(ticket), 42)).toBeNull();
  });

  it('answers null when Zendesk cannot be reached', async () => {
    const client = new FakeZafClient({ routes: [{ method: 'GET', path, answer: 'network-error' }] });
    expect(await readSavedFields(client, 42)).toBeNull();
  });
});
