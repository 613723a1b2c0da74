import { useMemo } from 'react';
import { useZafApp } from '../zaf/ZafClientProvider';
import { ServiceClient, serviceIdentity } from './service-client';

/** The service client for the registered app, signed as the current agent. */
export function useServiceClient(): ServiceClient {
  const { client, context, currentUser } = useZafApp();
  const { agentId, subdomain } = serviceIdentity(context, currentUser.id);
  return useMemo(() => new ServiceClient(client, { agentId, subdomain }), [client, agentId, subdomain]);
}
