import { z } from 'zod';
import { formatPath } from '@triage-assistant/shared';

/**
 * The service's configuration, parsed once from the environment. This module is the only reader of `process.env`
 * in the repository: everything else receives a `Config` object (tests build one with `testConfig()`). The one other
 * mention, business-time.tz.test.ts, hands the environment on to a child process with another TZ; it reads nothing.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PLAN_RATE_LIMITS = [10, 200, 400, 700, 2500] as const;

/** Empty strings mean "unset": docker-compose and .env files write `VAR=` for blanks. */
const optionalString = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.url({ message: 'expected an absolute URL such as https://example.com' }).optional(),
);

function integer(name: string, min: number, max: number, fallback: number) {
  return z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? fallback : v),
    z.coerce
      .number({ message: `expected a number (${name})` })
      .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
        message: `expected a whole number from ${min} to ${max}`,
      }),
  );
}

/** Comma-separated list → trimmed, non-empty items. */
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : (v ?? []),
  z.array(z.string()),
);

const originList = list.pipe(
  z.array(
    z.string().refine((s) => {
      try {
        return new URL(s).origin === s;
      } catch {
        return false;
      }
    }, 'expected comma-separated origins such as https://acme.zendesk.com (scheme + host, no path or trailing slash)'),
  ),
);

const EnvSchema = z
  .object({
    PORT: integer('port', 1, 65535, 3000),
    HOST: optionalString.transform((v) => v ?? '0.0.0.0'),
    LOG_LEVEL: z.preprocess(
      (v) => (v === undefined || v === '' ? 'info' : v),
      z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }),
    ),
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'expected a postgres:// or postgresql:// URL (leave unset for the embedded PGlite database)',
    }),
    DATA_DIR: optionalString.transform((v) => v ?? '.data/pglite'),
    ZAF_JWT_SECRET: z
      .string({ message: 'required: the shared secret the Zendesk app signs its JWTs with' })
      .min(32, 'expected at least 32 characters (generate ≥ 32 random bytes, e.g. `openssl rand -base64 32`)'),
    ZAF_JWT_ISSUERS: list,
    ZAF_JWT_AUDIENCE: z
      .string({ message: 'required: the audience the app puts in its JWTs, "triage-assistant" (zendesk-app/src/api/service-client.ts)' })
      .min(1, 'required: the audience the app puts in its JWTs, "triage-assistant" (zendesk-app/src/api/service-client.ts)'),
    ZENDESK_SUBDOMAIN: optionalString.refine((v) => v === undefined || /^[a-z0-9][a-z0-9-]*$/i.test(v), {
      message: 'expected the subdomain only, e.g. "acme" for acme.zendesk.com',
    }),
    ZENDESK_API_URL: optionalUrl,
    ZENDESK_EMAIL: optionalString,
    ZENDESK_API_TOKEN: optionalString,
    ZENDESK_OAUTH_TOKEN: optionalString,
    ZENDESK_PLAN_RATE_LIMIT: z.preprocess(
      (v) => (v === undefined || v === '' ? 200 : Number(v)),
      z.union(
        PLAN_RATE_LIMITS.map((n) => z.literal(n)),
        { message: `expected the plan's requests per minute: one of ${PLAN_RATE_LIMITS.join(', ')}` },
      ),
    ),
    ZENDESK_WEBHOOK_SECRET: optionalString,
    CORS_ORIGINS: originList,
    POLICY_FILE: optionalString,
    SLACK_WEBHOOK_URL: optionalUrl,
    SLA_WARNING_TAG: optionalString.refine((v) => v === undefined || /^[a-z0-9_\-:./]{1,80}$/.test(v), {
      message: 'expected one Zendesk tag: lowercase letters, digits and _ - : . / only, no spaces (e.g. sla_warning)',
    }),
    REMINDER_INTERVAL_MS: integer('milliseconds', 100, 15_000, 10_000),
    FIX_RUN_START_DEADLINE_MS: integer('milliseconds', 1000, 60_000, 5000),
    WEBHOOK_DEADLINE_MS: integer('milliseconds', 1000, 9500, 8000),
    RATE_LIMIT_PER_MINUTE: integer('requests per minute', 1, 100_000, 120),
  })
  .superRefine((env, ctx) => {
    if (env.ZENDESK_API_TOKEN !== undefined && env.ZENDESK_EMAIL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ZENDESK_EMAIL'], message: 'required with ZENDESK_API_TOKEN (the agent email the token belongs to)' });
    }
    if (env.ZENDESK_EMAIL !== undefined && env.ZENDESK_API_TOKEN === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ZENDESK_API_TOKEN'], message: 'required with ZENDESK_EMAIL' });
    }
    if (env.ZENDESK_API_TOKEN !== undefined && env.ZENDESK_OAUTH_TOKEN !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['ZENDESK_OAUTH_TOKEN'], message: 'set either ZENDESK_API_TOKEN or ZENDESK_OAUTH_TOKEN, not both' });
    }
    const hasCredentials = env.ZENDESK_API_TOKEN !== undefined || env.ZENDESK_OAUTH_TOKEN !== undefined;
    if (hasCredentials && env.ZENDESK_SUBDOMAIN === undefined && env.ZENDESK_API_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ZENDESK_SUBDOMAIN'], message: 'required when Zendesk credentials are set' });
    }
    if (env.ZAF_JWT_ISSUERS.length === 0 && env.ZENDESK_SUBDOMAIN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ZAF_JWT_ISSUERS'],
        message: 'required (comma-separated, e.g. acme.zendesk.com) unless ZENDESK_SUBDOMAIN is set',
      });
    }
  });

export type ZendeskCredentials = { kind: 'api_token'; email: string; token: string } | { kind: 'oauth'; token: string };

export interface ZendeskConfig {
  subdomain: string | null;
  /** Base of the REST API, e.g. `https://acme.zendesk.com/api/v2` (or the simulator's). */
  apiUrl: string;
  credentials: ZendeskCredentials;
  /** The account's requests per minute (plan limit); the adapter keeps under it. */
  planRateLimit: number;
}

export interface Config {
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  database: { url: string | null; dataDir: string };
  auth: {
    /** HS256 key shared with the Zendesk app's secure setting (scope `jwt_secret_key`). */
    jwtSecret: string;
    /** Accepted `iss` values, e.g. `acme.zendesk.com`. */
    issuers: string[];
    /** Required `aud`. */
    audience: string;
  };
  /** Null when no credentials are configured: `/readyz` reports it and Zendesk-backed routes cannot work. */
  zendesk: ZendeskConfig | null;
  /** Signing secret of our Zendesk webhook; null → the webhook route answers 503. */
  webhookSecret: string | null;
  corsOrigins: string[];
  policyFile: string | null;
  slackWebhookUrl: string | null;
  /** Tag added to the ticket when an SLA warning/breach reminder is delivered; null → none. */
  slaWarningTag: string | null;
  reminderIntervalMs: number;
  /**
   * Overall deadline for the Zendesk reads that start a fix run (the ticket, the organization), retries included;
   * past it the start answers 503 and stores nothing. The sidebar waits 15 s for a start, which then holds up to 8 s
   * for the run itself (`syncBudgetMs`), so the default 5 s keeps the 503 within the sidebar's wait.
   */
  fixRunStartDeadlineMs: number;
  /**
   * How long a Zendesk webhook delivery may take before it is answered 503 + Retry-After while its handling runs on.
   * Zendesk gives a webhook 10 s; an answer within it is a retry on our terms instead of a timeout on Zendesk's.
   */
  webhookDeadlineMs: number;
  rateLimitPerMinute: number;
}

/** Thrown by {@link loadConfig}; the message names every bad variable and never echoes a value. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid environment: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment into a {@link Config}, or throw a {@link ConfigError} naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: formatPath(issue.path),
        message: issue.message.replace(/^Invalid input: /, ''),
      })),
    );
  }
  const e = parsed.data;
  const credentials: ZendeskCredentials | null =
    e.ZENDESK_OAUTH_TOKEN !== undefined
      ? { kind: 'oauth', token: e.ZENDESK_OAUTH_TOKEN }
      : e.ZENDESK_API_TOKEN !== undefined && e.ZENDESK_EMAIL !== undefined
        ? { kind: 'api_token', email: e.ZENDESK_EMAIL, token: e.ZENDESK_API_TOKEN }
        : null;
  const subdomain = e.ZENDESK_SUBDOMAIN ?? null;
  const apiUrl = (e.ZENDESK_API_URL ?? (subdomain !== null ? `https://${subdomain}.zendesk.com/api/v2` : '')).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL ?? null, dataDir: e.DATA_DIR },
    auth: {
      jwtSecret: e.ZAF_JWT_SECRET,
      issuers: e.ZAF_JWT_ISSUERS.length > 0 ? e.ZAF_JWT_ISSUERS : [`${subdomain}.zendesk.com`],
      audience: e.ZAF_JWT_AUDIENCE,
    },
    zendesk: credentials !== null && apiUrl !== '' ? { subdomain, apiUrl, credentials, planRateLimit: e.ZENDESK_PLAN_RATE_LIMIT } : null,
    webhookSecret: e.ZENDESK_WEBHOOK_SECRET ?? null,
    corsOrigins: e.CORS_ORIGINS,
    policyFile: e.POLICY_FILE ?? null,
    slackWebhookUrl: e.SLACK_WEBHOOK_URL ?? null,
    slaWarningTag: e.SLA_WARNING_TAG ?? null,
    reminderIntervalMs: e.REMINDER_INTERVAL_MS,
    fixRunStartDeadlineMs: e.FIX_RUN_START_DEADLINE_MS,
    webhookDeadlineMs: e.WEBHOOK_DEADLINE_MS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
  };
}

/** The process environment, read here and nowhere else. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}

/**
 * PostgreSQL for the storage tests (`TEST_DATABASE_URL`, set by `.ci/run`); undefined → those tests run on PGlite
 * only.
 */
export function testDatabaseUrl(): string | undefined {
  const url = process.env['TEST_DATABASE_URL'];
  return url === undefined || url.trim() === '' ? undefined : url;
}
