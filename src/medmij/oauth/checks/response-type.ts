/** Rule: MedMij allows only the authorization code grant: response_type must be `code`. */
import { redirectError } from '../errors.ts';

/** @param responseType - the `response_type` parameter */
export function checkResponseType(responseType: string | undefined): void {
  if (responseType === undefined || responseType === '')
    throw redirectError('invalid_request', 'response_type is missing');
  if (responseType !== 'code')
    throw redirectError('unsupported_response_type', 'only response_type=code is supported');
}
