import { ConfigError, loadConfig } from './config.js';

const base = {
  ZAF_JWT_SECRET: 'a'.repeat(32),
  ZAF_JWT_AUDIENCE: 'https://triage.example.com',
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_EMAIL: 'bot@acme.example',
  ZENDESK_API_TOKEN: 'tok-secret-value',
};

describe('loadConfig', () => {
  it('applies defaults and derives the Zendesk URL and JWT issuer from the subdomain', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 3000, host: '0.0.0.0', logLevel: 'info',
      database: { url: null, dataDir: '.data/pglite' },
      auth: { issuers: ['acme.zendesk.com'], audience: 'https://triage.example.com' },
      zendesk: { apiUrl: 'https://acme.zendesk.com/api/v2', credentials: { kind: 'api_token', email: 'bot@acme.example' }, planRateLimit: 200 },
      webhookSecret: null, corsOrigins: [], reminderIntervalMs: 10_000, rateLimitPerMinute: 120, slaWarningTag: null,
      fixRunStartDeadlineMs: 5000, webhookDeadlineMs: 8000,
    });
    expect(loadConfig({ ...base, FIX_RUN_START_DEADLINE_MS: '20000' }).fixRunStartDeadlineMs).toBe(20_000);
    expect(loadConfig({ ...base, WEBHOOK_DEADLINE_MS: '5000' }).webhookDeadlineMs).toBe(5000);
    expect(loadConfig({ ...base, SLA_WARNING_TAG: 'sla_warning' }).slaWarningTag).toBe('sla_warning');
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid environment: PORT: expected a number (port)'],
    [{ PORT: '70000' }, 'Invalid environment: PORT: expected a whole number from 1 to 65535'],
    [{ ZAF_JWT_SECRET: 'short' }, 'Invalid environment: ZAF_JWT_SECRET: expected at least 32 characters'],
    [{ ZENDESK_PLAN_RATE_LIMIT: '300' }, 'Invalid environment: ZENDESK_PLAN_RATE_LIMIT: expected the plan\'s requests per minute: one of 10, 200, 400, 700, 2500'],
    [{ CORS_ORIGINS: 'https://acme.zendesk.com/' }, 'Invalid environment: CORS_ORIGINS[0]: expected comma-separated origins'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid environment: DATABASE_URL: expected a postgres:// or postgresql:// URL'],
    [{ ZENDESK_EMAIL: undefined }, 'Invalid environment: ZENDESK_EMAIL: required with ZENDESK_API_TOKEN'],
    [{ REMINDER_INTERVAL_MS: '60000' }, 'Invalid environment: REMINDER_INTERVAL_MS: expected a whole number from 100 to 15000'],
    [{ FIX_RUN_START_DEADLINE_MS: '500' }, 'Invalid environment: FIX_RUN_START_DEADLINE_MS: expected a whole number from 1000 to 60000'],
    [{ WEBHOOK_DEADLINE_MS: '10000' }, 'Invalid environment: WEBHOOK_DEADLINE_MS: expected a whole number from 1000 to 9500'],
    [{ SLA_WARNING_TAG: 'SLA warning' }, 'Invalid environment: SLA_WARNING_TAG: expected one Zendesk tag'],
  ])('%j → an error naming the variable', (change, message) => {
    expect(() => loadConfig({ ...base, ...change })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...change })).toThrow(message);
  });

  it('never echoes a secret value in the error', () => {
    try {
      loadConfig({ ...base, ZAF_JWT_SECRET: 'my-short-secret' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as Error).message).not.toContain('my-short-secret');
    }
  });

  it('requires the audience', () => {
    expect(() => loadConfig({ ...base, ZAF_JWT_AUDIENCE: undefined })).toThrow(/^Invalid environment: ZAF_JWT_AUDIENCE: required: the audience the app puts in its JWTs, "triage-assistant"/);
  });
});
