/**
 * The MedMij scope grammar for Verzamelen: one or more `naam~gegevensdienstId` combinations,
 * separated by single spaces, all with the same provider (naam without `@medmij`).
 */

/** A parsed scope. */
export interface ParsedScope {
  provider: string;
  services: string[];
}

const COMBINATION = /^([a-z]{3,50})~([0-9A-Za-z.-]{1,30})$/;

/**
 * Parses a scope string; returns an error text instead when the grammar does not hold.
 * @param scope - the `scope` parameter
 */
export function parseScope(scope: string): ParsedScope | { error: string } {
  if (scope === '') return { error: 'scope is empty' };
  const parts = scope.split(' ');
  let provider: string | undefined;
  const services: string[] = [];
  for (const part of parts) {
    const m = COMBINATION.exec(part);
    if (!m) return { error: `scope part "${part}" is not of the form naam~gegevensdienstId` };
    if (provider !== undefined && m[1] !== provider)
      return { error: 'all scope parts must name the same provider' };
    provider = m[1]!;
    if (services.includes(m[2]!)) return { error: `data service ${m[2]!} appears twice in the scope` };
    services.push(m[2]!);
  }
  return { provider: provider!, services };
}

/**
 * Writes a scope back in its canonical form.
 * @param scope - provider and services
 */
export function formatScope(scope: ParsedScope): string {
  return scope.services.map((s) => `${scope.provider}~${s}`).join(' ');
}
