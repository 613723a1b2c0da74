import closeWithGrace from 'close-with-grace';
import { createService } from './compose.js';
import { ConfigError, loadConfig, processEnv, type Config } from './config.js';

/**
 * The process: config, the service (compose.ts), listen, graceful shutdown. On SIGTERM/SIGINT the scheduler stops,
 * the app closes (its onClose waits for fix runs to finish their current step), then the database closes;
 * close-with-grace forces exit after 25 s.
 */
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
  const service = await createService(config, { server: { connectionTimeout: 30_000, requestTimeout: 30_000 } });

  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) service.logger.error({ err }, 'shutting down after an error');
    else service.logger.info({ signal }, 'shutting down');
    await service.close();
  });

  await service.listen();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
