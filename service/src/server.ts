import { readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { GITLAB_POLICY, PolicySchema, parseOrThrow, type Policy } from '@triage-assistant/shared';
import { zendeskGatewayFromConfig } from './adapters/zendesk/from-config.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, processEnv, type Config } from './config.js';
import { configSecrets, createLogger } from './logger.js';
import { ReminderScheduler } from './reminders/scheduler.js';
import { openStorage } from './storage/open-storage.js';

/**
 * The process: config, logger, database, app, reminder loop, listen, graceful shutdown. On SIGTERM/SIGINT the
 * scheduler stops, the app closes (its onClose waits for fix runs to finish their current step), then the database
 * closes; close-with-grace forces exit after 25 s.
 */
function loadPolicy(config: Config): Policy {
  if (config.policyFile === null) return GITLAB_POLICY;
  return parseOrThrow(PolicySchema, JSON.parse(readFileSync(config.policyFile, 'utf8')), `policy file ${config.policyFile}`);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(processEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const policy = loadPolicy(config);
  const storage = await openStorage({ databaseUrl: config.database.url, dataDir: config.database.dataDir });
  logger.info({ driver: storage.driver, policy: policy.name }, 'storage open');

  const zendesk = zendeskGatewayFromConfig(config.zendesk);
  if (zendesk === null) logger.warn('no Zendesk credentials configured: Zendesk-backed routes answer 503');
  const app = buildApp({ config, logger, storage, zendesk, policy }, { connectionTimeout: 30_000, requestTimeout: 30_000 });
  const scheduler = new ReminderScheduler({
    storage,
    logger: logger.child({ component: 'reminders' }),
    clock: () => new Date(),
    intervalMs: config.reminderIntervalMs,
    slackWebhookUrl: config.slackWebhookUrl,
  });

  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    await scheduler.stop();
    await app.close();
    await storage.close();
  });

  await app.listen({ port: config.port, host: config.host });
  scheduler.start();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
