import { useMemo } from 'react';
import { useZafApp } from '../zaf/ZafClientProvider';
import { ServiceClient } from './service-client';

/** The service client for the registered app, signed as the current agent. */
export function useServiceClient(): ServiceClient {
  const { client, context, currentUser } = useZafApp();
  const subdomain = context.account?.subdomain ?? '';
  return useMemo(() => new ServiceClient(client, { agentId: currentUser.id, subdomain }), [client, currentUser.id, subdomain]);
}
