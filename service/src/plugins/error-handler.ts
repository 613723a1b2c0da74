import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ValidationError, formatPath, type ErrorBody } from '@triage-assistant/shared';
import { AppError, ServiceUnavailableError } from '../errors.js';

function body(statusCode: number, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...extra };
}

/** `/ticket/comments/1/createdAt` → `ticket.comments[1].createdAt`. */
function pathOf(instancePath: string): string {
  const segments = instancePath.split('/').filter((s) => s !== '');
  return formatPath(segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
}

/**
 * The one error handler: every error leaves as an `ErrorBody`. Below 500 the message is ours and safe to show;
 * at 500 the body is generic and the error is logged in full (with the request id to find it).
 */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError | Error, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        const issues = err.validation.map((v) => ({ path: pathOf(v.instancePath), message: (v.message ?? 'invalid').replace(/^Invalid input: /, '') }));
        const where = err.validationContext ?? 'request';
        return reply
          .code(400)
          .send(body(400, `Invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { code: 'invalid_request', issues }));
      }
      if (err instanceof ValidationError) {
        return reply.code(400).send(body(400, err.message, { code: 'invalid_request', issues: err.problems }));
      }
      if (err instanceof AppError) {
        if (err.statusCode >= 500) request.log.warn({ err }, 'request failed upstream');
        if (err instanceof ServiceUnavailableError && err.retryAfterSeconds !== null) {
          reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
        }
        return reply.code(err.statusCode).send(body(err.statusCode, err.message, { code: err.code }));
      }
      const status = (err as FastifyError).statusCode;
      if (status === 415) {
        const type = request.headers['content-type'] ?? 'none';
        const message = `Unsupported Media Type: send the body as application/json (Content-Type was ${type})`;
        return reply.code(415).send(body(415, message, { code: 'unsupported_media_type' }));
      }
      if (typeof status === 'number' && status >= 400 && status < 500) {
        const code = (err as FastifyError).code;
        return reply.code(status).send(body(status, err.message, code ? { code } : {}));
      }
      request.log.error({ err }, 'unhandled error');
      return reply.code(500).send(body(500, 'Internal Server Error: the error was logged with the request id', { code: 'internal' }));
    });

    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(body(404, `Route ${request.method} ${request.url.split('?')[0]} not found`, { code: 'route_not_found' }));
    });
  },
  { name: 'error-handler' },
);
