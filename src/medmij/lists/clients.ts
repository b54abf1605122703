/**
 * The OAuth client registry contract: what the authorization server needs to know about a PGO
 * client. Real clients come from the MedMij OAuth Client List (OCL); demo clients from the demo
 * client file.
 */

/** One OAuth client (a PGO node), keyed by its client_id (= the node's hostname in the OCL). */
export interface ClientInfo {
  /** The client's hostname; its redirect URIs must be https on this host (unless loopback demo). */
  hostname: string;
  /** OAuthclientOrganisatienaam: the PGO's name on the consent page. */
  organisationName: string;
  /** Data-service ids the client may ask for; undefined = any service (the release2 OCL lists none). */
  allowedServices?: string[];
  /**
   * Redirect URI prefixes accepted for a loopback demo client (`http://localhost:8080/sim/pgo/`).
   * Only honoured when `loopbackDemo` is true and the configuration is a test environment.
   */
  redirectPrefixes?: string[];
  /** A demo client on the loopback interface: plain http allowed, in demo/test environments only. */
  loopbackDemo?: boolean;
}

/** Looks up OAuth clients. Implementations may re-read their source on each call. */
export interface ClientRegistry {
  /**
   * Returns the client registered under this client_id, or undefined.
   * @param clientId - the `client_id` request parameter
   */
  get(clientId: string): ClientInfo | undefined;
}

/**
 * A registry that asks each of several registries in turn (e.g. the OCL, then the demo clients).
 * @param registries - consulted in order; the first hit wins
 */
export function combineRegistries(...registries: ClientRegistry[]): ClientRegistry {
  return {
    get(clientId) {
      for (const r of registries) {
        const c = r.get(clientId);
        if (c) return c;
      }
      return undefined;
    },
  };
}

/**
 * A fixed, in-memory registry (tests, and the built-in demo client).
 * @param clients - client_id to client
 */
export function staticRegistry(clients: Record<string, ClientInfo>): ClientRegistry {
  const map = new Map(Object.entries(clients));
  return { get: (clientId) => map.get(clientId) };
}
