import fp from 'fastify-plugin';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { GITLAB_POLICY, type Policy } from '@triage-assistant/shared';
import type { ZendeskGateway } from './adapters/zendesk/gateway.js';
import type { Config } from './config.js';
import { configSecrets, createLogger } from './logger.js';
import auth from './plugins/auth.js';
import docs from './plugins/docs.js';
import errorHandler from './plugins/error-handler.js';
import { createInflight, type Inflight } from './plugins/inflight.js';
import jsonBody from './plugins/json-body.js';
import requestMetrics from './plugins/request-metrics.js';
import security from './plugins/security.js';
import healthRoutes from './routes/health.js';
import assessmentRoutes from './routes/v1/assessments.js';
import commitmentRoutes from './routes/v1/commitments.js';
import fixRunRoutes from './routes/v1/fix-runs.js';
import groupRoutes from './routes/v1/groups.js';
import policyRoutes from './routes/v1/policy.js';
import reportRoutes from './routes/v1/reports.js';
import ticketRoutes from './routes/v1/tickets.js';
import zendeskWebhookRoutes from './routes/webhooks/zendesk.js';
import type { Storage } from './storage/types.js';
import { SlaReminderPlanner } from './use-cases/sla-reminders.js';

export interface AppDeps {
  config: Config;
  /** pino instance (default: JSON to stdout at `config.logLevel`, with redaction). */
  logger?: Logger;
  storage: Storage;
  /** Null when Zendesk is not configured: `/readyz` says so. */
  zendesk?: ZendeskGateway | null;
  /** Default: the GitLab policy. */
  policy?: Policy;
  /** Injected so tests control time; default the system clock. */
  clock?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    storage: Storage;
    zendesk: ZendeskGateway | null;
    policy: Policy;
    clock: () => Date;
    /** Long work (fix runs) registers here so shutdown lets it finish its current step. */
    inflight: Inflight;
    /** Keeps tickets' SLA-warning reminders planned (webhook events, sidebar opens). */
    slaPlanner: SlaReminderPlanner;
  }
}

/** Request bodies above this are refused with 413 (a ticket snapshot with its comments fits comfortably). */
export const BODY_LIMIT_BYTES = 512 * 1024;
/** How long close waits for fix runs to finish their current step. */
export const DRAIN_TIMEOUT_MS = 20_000;

/**
 * The application as a plugin: decorations, cross-cutting plugins, routes. No listen, no signals (server.ts).
 * Authenticated business routes go inside the `/v1` scope below, whose `onRequest` hook verifies the app JWT.
 */
async function app(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.decorate('config', deps.config);
  app.decorate('storage', deps.storage);
  app.decorate('zendesk', deps.zendesk ?? null);
  app.decorate('policy', deps.policy ?? GITLAB_POLICY);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('inflight', createInflight());
  app.decorate(
    'slaPlanner',
    new SlaReminderPlanner({
      storage: deps.storage,
      policy: app.policy,
      clock: app.clock,
      onError: (ticketId, err) => app.log.warn({ err, ticketId }, 'SLA reminder planning failed'),
      track: (work) => app.inflight.track(work),
    }),
  );
  app.addHook('onClose', async (instance) => {
    const drained = await instance.inflight.drain(DRAIN_TIMEOUT_MS);
    if (!drained) instance.log.warn({ running: instance.inflight.size }, 'closing with fix runs still running');
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Order matters: error handler first (covers everything), auth before security (the rate limit keys on the
  // verified agent), docs before routes (@fastify/swagger collects routes as they are added).
  await app.register(errorHandler);
  await app.register(jsonBody);
  await app.register(auth, { config: deps.config, clock: app.clock });
  await app.register(security, { config: deps.config });
  await app.register(requestMetrics);
  await app.register(docs);

  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', v1.authenticate);
      await v1.register(commitmentRoutes);
      await v1.register(fixRunRoutes);
      await v1.register(assessmentRoutes);
      await v1.register(ticketRoutes);
      await v1.register(groupRoutes);
      await v1.register(policyRoutes);
      await v1.register(reportRoutes);
    },
    { prefix: '/v1' },
  );
  await app.register(zendeskWebhookRoutes, { prefix: '/v1' });
}

/** Not encapsulated (fastify-plugin): its decorations, hooks and error handler apply to whoever registers it. */
export const appPlugin = fp(app, { name: 'triage-assistant' });

/** A ready-to-inject Fastify instance (not listening). Tests may add routes before the first `inject`. */
export function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): FastifyInstance {
  const instance = Fastify({
    loggerInstance: deps.logger ?? createLogger({ level: deps.config.logLevel, secrets: configSecrets(deps.config) }),
    bodyLimit: BODY_LIMIT_BYTES,
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  void instance.register(appPlugin, deps);
  return instance as unknown as FastifyInstance;
}
