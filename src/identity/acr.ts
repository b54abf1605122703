/**
 * DigiD assurance levels (betrouwbaarheidsniveaus) as Brug records them with a grant: `basis`,
 * `midden`, `substantieel`, `hoog`. Brokers send them as SAML authentication-context classes,
 * eIDAS levels or plain names; unknown values are kept as given (prefixed) so nothing is guessed.
 */

export type DigidLevel = 'basis' | 'midden' | 'substantieel' | 'hoog';

const ACR_TO_LEVEL: Record<string, DigidLevel> = {
  basis: 'basis',
  midden: 'midden',
  substantieel: 'substantieel',
  hoog: 'hoog',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport': 'basis',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract': 'midden',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard': 'substantieel',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI': 'hoog',
  'http://eidas.europa.eu/LoA/low': 'basis',
  'http://eidas.europa.eu/LoA/substantial': 'substantieel',
  'http://eidas.europa.eu/LoA/high': 'hoog',
};

/**
 * Maps an `acr` claim to a DigiD level; an unknown or missing value becomes `onbekend:<acr>` / `onbekend`.
 * @param acr - the ID token's `acr` claim
 * @param extra - the broker's own acr values (configuration), consulted first
 */
export function mapAcr(acr: unknown, extra: Readonly<Record<string, DigidLevel>> = {}): string {
  if (typeof acr !== 'string' || acr === '') return 'onbekend';
  if (Object.hasOwn(extra, acr)) return extra[acr]!;
  return ACR_TO_LEVEL[acr] ?? ACR_TO_LEVEL[acr.toLowerCase()] ?? `onbekend:${acr}`;
}

/** The levels from low to high. */
export const DIGID_LEVELS: readonly DigidLevel[] = ['basis', 'midden', 'substantieel', 'hoog'];

/**
 * True when a recorded level reaches the minimum; an unknown level never does.
 * @param level - what mapAcr returned
 * @param minimum - the required level
 */
export function meetsLevel(level: string, minimum: DigidLevel): boolean {
  const rank = DIGID_LEVELS.indexOf(level as DigidLevel);
  return rank >= 0 && rank >= DIGID_LEVELS.indexOf(minimum);
}

/**
 * Reads a level name (configuration); undefined when it is not one.
 * @param value - e.g. `substantieel`
 */
export function parseDigidLevel(value: string): DigidLevel | undefined {
  return DIGID_LEVELS.find((l) => l === value.trim().toLowerCase());
}
