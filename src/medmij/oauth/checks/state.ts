/** Rule: the PGO must send a `state` (MedMij makes it mandatory); it comes back unchanged. */
import { redirectError } from '../errors.ts';

/** The longest state accepted (and echoed back). */
export const MAX_STATE_LENGTH = 512;

/**
 * @param state - the `state` parameter
 * @returns the state
 */
export function checkState(state: string | undefined): string {
  if (state === undefined || state === '') throw redirectError('invalid_request', 'state is missing');
  if (state.length > MAX_STATE_LENGTH) throw redirectError('invalid_request', 'state is too long');
  return state;
}
