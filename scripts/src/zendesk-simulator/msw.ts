/**
 * msw door: `setupServer(...zendeskHandlers(sim))` in the service's tests. One catch-all handler under the base URL
 * delegates to the shared route table, so msw and the HTTP server cannot drift apart.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { handleZendeskRequest } from './http-handlers.js';
import type { ZendeskSimulator } from './model.js';

export const DEFAULT_BASE_URL = 'https://acme.zendesk.test/api/v2';

export function zendeskHandlers(sim: ZendeskSimulator, baseUrl: string = DEFAULT_BASE_URL): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
      const text = request.method === 'GET' || request.method === 'HEAD' ? null : await request.text();
      const res = handleZendeskRequest(sim, { method: request.method, url: request.url, headers, body: text });
      return new HttpResponse(res.body === null ? null : JSON.stringify(res.body), { status: res.status, headers: res.headers });
    }),
  ];
}
