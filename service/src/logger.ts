import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino replaces with `[redacted]`. Request headers are logged (see `serializers.req`) because they help when
 * debugging the Zendesk proxy, so the credentials in them must go: the app's JWT, Zendesk's webhook signature, and
 * any object field that looks like a secret (one level deep: pino's wildcard matches a single key).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-zendesk-webhook-signature"]',
  'headers.authorization',
  'headers["x-zendesk-webhook-signature"]',
  '*.token',
  '*.apiToken',
  '*.oauthToken',
  '*.secret',
  '*.jwtSecret',
  '*.webhookSecret',
  '*.password',
  '*.authorization',
  'config.auth.jwtSecret',
  'config.zendesk.credentials.token',
  'config.webhookSecret',
];

export interface LoggerOptions {
  level?: string;
  /** Where JSON lines go (default stdout); tests pass a capturing stream. */
  stream?: DestinationStream;
}

/** Plain JSON lines, always: pretty printing is a reader's concern (`| npx pino-pretty`), not the process's. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req(req: { method?: string; url?: string; headers?: Record<string, unknown>; ip?: string; id?: string }) {
          return { id: req.id, method: req.method, url: req.url, ip: req.ip, headers: { ...req.headers } };
        },
        err: pino.stdSerializers.err,
      },
    },
    options.stream,
  );
}
