import closeWithGrace from 'close-with-grace';
import { createService } from './compose.js';
import { ConfigError, loadConfig, processEnv } from './config.js';

/**
 * The process: config, the service (compose.ts), listen, graceful shutdown. On SIGTERM/SIGINT the scheduler stops,
 * the app closes (its onClose waits for fix runs to finish their current step), then the database closes;
 * close-with-grace forces exit after 25 s.
 */
async function main(): Promise<void> {
  const config = loadConfig(processEnv());
  const service = await createService(config, { server: { connectionTimeout: 30_000, requestTimeout: 30_000 } });

  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) service.logger.error({ err }, 'shutting down after an error');
    else service.logger.info({ signal }, 'shutting down');
    await service.close();
  });

  await service.listen();
}

main().catch((err: unknown) => {
  // A bad setting (environment or POLICY_FILE) is one line naming it; anything else keeps its stack.
  const text = err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`${text}\n`);
  process.exit(1);
});
