import { buildTestApp } from '../testing/test-app.js';

it('/readyz is 200 with the database and Zendesk, 503 once the database is closed', async () => {
  const t = await buildTestApp({ zendesk: {} as never });
  try {
    const ok = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok', checks: { database: 'ok', zendesk: 'configured' } });
    await t.storage.close();
    const down = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable', zendesk: 'configured' } });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  } finally {
    await t.close();
  }
}, 60_000);
