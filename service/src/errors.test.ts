import { NotFoundError, organizationOrUnknown, UnprocessableError, ZendeskUnavailableError } from './errors.js';

describe('organizationOrUnknown', () => {
  it('answers a 404 for an organization the request named as 422 organization_not_found naming the field and the id', async () => {
    const read = Promise.reject(new NotFoundError('Zendesk has no such resource (GET /organizations/:id)', 'zendesk_not_found'));
    const err = await organizationOrUnknown(read, 77, 'ticket.organization.id').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err).toMatchObject({
      statusCode: 422,
      code: 'organization_not_found',
      message: 'ticket.organization.id: Zendesk has no organization 77 (deleted, or not of this account)',
    });
  });

  it('passes the organization and any other failure through', async () => {
    await expect(organizationOrUnknown(Promise.resolve({ id: 77 }), 77, 'f')).resolves.toEqual({ id: 77 });
    const outage = new ZendeskUnavailableError('Zendesk failed', 'GET /organizations/:id', 500);
    await expect(organizationOrUnknown(Promise.reject(outage), 77, 'f')).rejects.toBe(outage);
  });
});
