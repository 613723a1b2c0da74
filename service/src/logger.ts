import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** The secret values in a config, for {@link LoggerOptions.secrets}. */
export function configSecrets(config: Config): string[] {
  return [config.auth.jwtSecret, config.zendesk?.credentials.token, config.webhookSecret].filter((s): s is string => !!s);
}

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
  /**
   * Secret values (tokens, shared secrets) scrubbed from every line whatever field they hide in — e.g. an upstream
   * error message quoting a header. Redaction by path covers the known places; this covers the unknown ones.
   */
  secrets?: ReadonlyArray<string | null | undefined>;
}

function scrubbing(target: DestinationStream, secrets: string[]): DestinationStream {
  if (secrets.length === 0) return target;
  return {
    write(line: string) {
      let out = line;
      for (const s of secrets) out = out.split(s).join('[redacted]');
      target.write(out);
    },
  };
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
    scrubbing(
      options.stream ?? pino.destination({ dest: 1, sync: false }),
      (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8),
    ),
  );
}
