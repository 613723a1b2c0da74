import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { buildApp, type AppDeps } from '../app.js';
import type { Config } from '../config.js';
import { configSecrets, createLogger } from '../logger.js';
import { webhookSignature } from '../routes/webhooks/signature.js';
import type { Storage } from '../storage/types.js';
import { openTestStorage, type TestDriver } from './storage.js';

export const TEST_JWT_SECRET = 'test-shared-secret-0123456789abcdef-0123456789';
export const TEST_WEBHOOK_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
export const TEST_AUDIENCE = 'https://triage.example.com';
export const TEST_ISSUER = 'acme.zendesk.com';
export const TEST_ZENDESK_TOKEN = 'zendesk-api-token-SECRET-4711';

/** A complete Config for tests; override any part. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    database: { url: null, dataDir: '' },
    auth: { jwtSecret: TEST_JWT_SECRET, issuers: [TEST_ISSUER], audience: TEST_AUDIENCE },
    zendesk: {
      subdomain: 'acme',
      apiUrl: 'https://acme.zendesk.com/api/v2',
      credentials: { kind: 'api_token', email: 'bot@acme.example', token: TEST_ZENDESK_TOKEN },
      planRateLimit: 400,
    },
    webhookSecret: TEST_WEBHOOK_SECRET,
    corsOrigins: ['https://acme.zendesk.com'],
    policyFile: null,
    slackWebhookUrl: null,
    slaWarningTag: null,
    reminderIntervalMs: 1000,
    fixRunStartDeadlineMs: 5000,
    webhookDeadlineMs: 8000,
    rateLimitPerMinute: 1000,
    ...overrides,
  };
}

/** A clock tests move by hand. */
export interface FakeClock {
  (): Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function fakeClock(start: Date | string = '2026-11-24T18:00:00Z'): FakeClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as FakeClock;
  clock.set = (at) => {
    now = new Date(at).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** A JWT like the one ZAF signs for the app: HS256, `sub` = agent id, `iss` = subdomain host, `aud` = service URL. */
export async function signAgentToken(options: {
  agentId: number | string;
  now: Date;
  issuer?: string;
  audience?: string;
  secret?: string;
  expiresInSeconds?: number;
  alg?: 'HS256' | 'HS512';
  name?: string;
}): Promise<string> {
  const iat = Math.floor(options.now.getTime() / 1000);
  const jwt = new SignJWT({ ...(options.name !== undefined && { name: options.name }) })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(String(options.agentId))
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? 60));
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

/** Headers Zendesk would send with `body` (signature over timestamp + body). */
export function signWebhook(
  body: string,
  options: { timestamp: Date | string; secret?: string },
): Record<string, string> {
  const timestamp = typeof options.timestamp === 'string' ? options.timestamp : options.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature': webhookSignature(options.secret ?? TEST_WEBHOOK_SECRET, timestamp, body),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}

/** A pino destination that keeps every line, to assert on what was logged. */
export function captureLogs(): { stream: Writable; lines(): string[]; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean), text: () => chunks.join('') };
}

export interface TestApp {
  app: FastifyInstance;
  storage: Storage;
  clock: FakeClock;
  logs: ReturnType<typeof captureLogs>;
  /** `authorization` header for an agent, signed now. */
  authFor(agentId: number): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh in-memory PGlite (or PostgreSQL with `driver: 'pg'`), a fake clock and captured logs.
 * Add routes to `app` before the first inject if a test needs one.
 */
export async function buildTestApp(
  overrides: Partial<Omit<AppDeps, 'config' | 'clock'>> & { config?: Partial<Config>; clock?: FakeClock; driver?: TestDriver } = {},
): Promise<TestApp> {
  const { config, clock: givenClock, driver, storage: givenStorage, ...rest } = overrides;
  const clock = givenClock ?? fakeClock();
  const logs = captureLogs();
  const test = givenStorage ? null : await openTestStorage(driver ?? 'pglite');
  const storage = givenStorage ?? test!.storage;
  const fullConfig = testConfig(config);
  const app = buildApp({
    config: fullConfig,
    logger: createLogger({ level: 'info', stream: logs.stream, secrets: configSecrets(fullConfig) }),
    storage,
    zendesk: null,
    clock,
    ...rest,
  });
  return {
    app,
    storage,
    clock,
    logs,
    authFor: async (agentId) => ({ authorization: `Bearer ${await signAgentToken({ agentId, now: clock() })}` }),
    async close() {
      await app.close();
      await test?.cleanup();
    },
  };
}
