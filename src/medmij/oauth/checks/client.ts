/**
 * Rule: the client_id must name a client in the registry (the OAuth Client List or the demo client
 * file). An unknown client gets an error page, never a redirect: nothing says its redirect URI is its own.
 */
import type { ClientInfo, ClientRegistry } from '../../lists/index.ts';
import { pageError } from '../errors.ts';

/**
 * @param clients - the client registry
 * @param clientId - the `client_id` parameter
 * @returns the client
 */
export function checkClient(clients: ClientRegistry, clientId: string | undefined): ClientInfo {
  if (clientId === undefined || clientId === '')
    throw pageError(400, 'invalid_request', 'client_id is missing');
  const client = clients.get(clientId);
  if (!client)
    throw pageError(400, 'invalid_client', 'client_id is not a known client', `client_id ${clientId}`);
  return client;
}
