import type { ZendeskConfig } from '../../config.js';
import { recordZendeskCall } from '../../metrics.js';
import type { ZendeskGateway } from './gateway.js';
import { NodeZendeskGateway, type GatewayLogger } from './node-zendesk-gateway.js';

/**
 * The production gateway for a validated config: credentials mapped to node-zendesk's auth, calls counted in
 * `/metrics`, warnings to `logger`. Null config (no credentials) → null gateway; `/readyz` reports it.
 */
export function zendeskGatewayFromConfig(config: ZendeskConfig | null, logger?: GatewayLogger): ZendeskGateway | null {
  if (config === null) return null;
  const auth =
    config.credentials.kind === 'oauth'
      ? { oauthToken: config.credentials.token }
      : { username: config.credentials.email, apiToken: config.credentials.token };
  return new NodeZendeskGateway({
    endpointUri: config.apiUrl,
    auth,
    planRateLimitPerMinute: config.planRateLimit,
    onCall: recordZendeskCall,
    ...(logger === undefined ? {} : { logger }),
  });
}
