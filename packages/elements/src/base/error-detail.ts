import { ERRORS, errorMessage, isErrorCode } from '@aircounter/protocol';
import type { AirErrorDetail } from '../events/air-error.ts';

/**
 * The `air-error` detail for anything thrown. Duck-typed rather than
 * `instanceof AirError`, so that an error from another copy of the client
 * package keeps its code.
 */
export function errorDetail(error: unknown): AirErrorDetail {
  if (error instanceof Error && 'code' in error && isErrorCode(error.code)) {
    const recoverable = 'recoverable' in error && typeof error.recoverable === 'boolean';
    return {
      code: error.code,
      recoverable: recoverable
        ? (error as Error & { recoverable: boolean }).recoverable
        : ERRORS[error.code].recoverable,
      message: error.message,
    };
  }
  return { code: 'INTERNAL', recoverable: false, message: errorMessage(error) };
}
