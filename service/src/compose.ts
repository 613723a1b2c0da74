import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { checkPlanRules, describeProblems, GITLAB_POLICY, PolicySchema, parseOrThrow, toProblems, type Policy } from '@triage-assistant/shared';
import { zendeskGatewayFromConfig } from './adapters/zendesk/from-config.js';
import { buildApp } from './app.js';
import { ConfigError, type Config } from './config.js';
import { configSecrets, createLogger } from './logger.js';
import { ReminderScheduler } from './reminders/scheduler.js';
import { openStorage } from './storage/open-storage.js';
import type { Storage } from './storage/types.js';

/** The service assembled from a validated config, not yet listening. */
export interface Service {
  logger: Logger;
  policy: Policy;
  storage: Storage;
  app: FastifyInstance;
  scheduler: ReminderScheduler;
  /** Listen on `config.port`/`config.host`, then start the reminder loop; resolves to the address. */
  listen(): Promise<string>;
  /** Stop the reminder loop, close the app (its onClose waits for fix runs' current step), then the database. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** The clock of the app and the reminder loop (`npm start` passes the Zendesk simulator's). Default: system time. */
  clock?: () => Date;
  server?: FastifyServerOptions;
  /** Where the log lines go (default stdout); tests pass a capturing stream. */
  logStream?: DestinationStream;
}

/**
 * The bundled policy, checked: it is not parsed at import (default-policy.ts), so a broken edit stops the start here.
 * Valid but missing a default would leave the service (and the sidebar, which uses the JSON as it is) without it.
 */
export function checkedBundledPolicy(policy: Policy = GITLAB_POLICY): Policy {
  const parsed = parseOrThrow(PolicySchema, policy, 'the bundled GitLab policy');
  if (!isDeepStrictEqual(parsed, policy)) {
    throw new Error('The bundled GitLab policy is not canonical: write every default into gitlab.policy.json (its test names the difference)');
  }
  return policy;
}

/** Why a file could not be read, in words an admin acts on (the code alone for the rare others). */
const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a policy file',
  EACCES: 'cannot be read (permission denied)',
};

/**
 * The policy from POLICY_FILE, or a {@link ConfigError} naming the variable, the file and why: server.ts prints a
 * ConfigError as one line, where a raw ENOENT or SyntaxError printed a stack naming neither.
 */
function loadPolicy(config: Config): Policy {
  const file = config.policyFile;
  if (file === null) return checkedBundledPolicy();
  const refuse = (why: string) => new ConfigError([{ variable: 'POLICY_FILE', message: `${file}: ${why}` }]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw refuse(READ_FAILURES[code] ?? `cannot be read (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw refuse(`not JSON (${(err as Error).message})`);
  }
  const parsed = PolicySchema.safeParse(json);
  if (!parsed.success) throw refuse(`not a valid policy: ${describeProblems(toProblems(parsed.error))}`);
  return parsed.data;
}

/**
 * Logger, policy, database, Zendesk gateway (calls counted in `/metrics`), app and reminder loop, wired from one
 * config: the one assembly that `server.ts` runs as the process and `npm start` (scripts/src/start.ts) runs in-process.
 */
export async function createService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = createLogger({
    level: config.logLevel,
    secrets: configSecrets(config),
    ...(options.logStream === undefined ? {} : { stream: options.logStream }),
  });
  const policy = loadPolicy(config);
  // A plan rule that can never apply is a warning, not a refusal (see checkPlanRules): the policy still means one
  // thing, and the admin reads which rule to reorder or delete here.
  for (const finding of checkPlanRules(policy)) {
    logger.warn({ policy: policy.name, path: `planRules[${finding.path[1]}]`, code: finding.code }, finding.message);
  }
  const storage = await openStorage({
    databaseUrl: config.database.url,
    dataDir: config.database.dataDir,
    onCommitmentCacheState: ({ caching, reason }) => (caching ? logger.info(reason) : logger.warn(reason)),
  });
  logger.info({ driver: storage.driver, policy: policy.name }, 'storage open');

  const zendesk = zendeskGatewayFromConfig(config.zendesk, logger.child({ component: 'zendesk' }));
  if (zendesk === null) logger.warn('no Zendesk credentials configured: Zendesk-backed routes answer 503');
  const clock = options.clock ?? (() => new Date());
  const app = buildApp({ config, logger, storage, zendesk, policy, clock }, options.server);
  const scheduler = new ReminderScheduler({
    storage,
    logger: logger.child({ component: 'reminders' }),
    clock,
    intervalMs: config.reminderIntervalMs,
    slackWebhookUrl: config.slackWebhookUrl,
    zendesk,
    slaWarningTag: config.slaWarningTag,
  });
  return {
    logger,
    policy,
    storage,
    app,
    scheduler,
    async listen() {
      const address = await app.listen({ port: config.port, host: config.host });
      scheduler.start();
      return address;
    },
    async close() {
      await scheduler.stop();
      await app.close();
      await storage.close();
    },
  };
}
