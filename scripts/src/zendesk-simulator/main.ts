/**
 * Local Zendesk simulator: seeds GitLab's account relative to now and listens.
 *   tsx scripts/src/zendesk-simulator/main.ts [port=4010] [--rate-limit N]
 *       [--webhook-url URL --webhook-secret-file PATH]
 * The webhook secret is read from a file so it never shows in the process list or the logs. Webhooks carry the body
 * of the "Triage Assistant: public agent reply" trigger (as `npm start` sends them), so the URL can be the service's
 * `/v1/webhooks/zendesk`.
 */
import { readFileSync } from 'node:fs';
import { createSimulator, type WebhookOptions } from './model.js';
import { seedGitLabAccount } from './seed.js';
import { startSimulatorServer } from './server.js';
import { renderTriageAssistantTrigger } from './triage-assistant-trigger.js';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * The webhook `--webhook-url` sets up: what the service's trigger would post (the simulator's generic event JSON is
 * not a body the service accepts), signed with `secret`.
 */
export function simulatorWebhook(url: string, secret: string): WebhookOptions {
  return { url, secret, render: renderTriageAssistantTrigger };
}

async function main(argv: readonly string[]): Promise<void> {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
  const port = Number(positional[0] ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${positional[0] ?? ''}"`);
  const rate = option(argv, '--rate-limit');
  const webhookUrl = option(argv, '--webhook-url');
  const secretFile = option(argv, '--webhook-secret-file');
  if ((webhookUrl === undefined) !== (secretFile === undefined)) throw new Error('--webhook-url and --webhook-secret-file go together');
  const sim = createSimulator({ rateLimitPerMinute: rate === undefined ? null : Number(rate) });
  const seed = seedGitLabAccount(sim, sim.now());
  // Webhooks start after seeding: the seed's past comments are history, not events.
  if (webhookUrl !== undefined && secretFile !== undefined) {
    sim.webhook = simulatorWebhook(webhookUrl, readFileSync(secretFile, 'utf8').trim());
  }
  const running = await startSimulatorServer({ sim, port, seed: (s) => void seedGitLabAccount(s, s.now()) });
  process.stdout.write(
    `Zendesk simulator on ${running.baseUrl} — ${seed.ticketCount} tickets, ${sim.users.size} users, ` +
      `${sim.organizations.size} organizations. Any Basic/Bearer credentials are accepted. Admin: /__sim/reset, /__sim/clock, /__sim/requests\n`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry point (`tsx scripts/src/zendesk-simulator/main.ts`), not when a test imports it.
if (/zendesk-simulator[\\/]main\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
