import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { AirError } from '@aircounter/protocol';
import type { Secret } from '../secret.ts';
import { bearerCredential, requireApiKey, secretsEqual } from './api-key.ts';

/** What a bank back-end call is checked on: its headers and its socket (a TLS socket carries the client certificate). */
export interface BankRequest {
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly socket: Socket;
}

/** Who made a bank back-end call: an id for the logs (never a credential). */
export interface BankCaller {
  readonly id: string;
}

/**
 * The bank's own check of its back end's calls to the REST API, given to
 * `createAirServer({ bankAuthentication })`: a client certificate of the
 * bank's PKI (mTLS at a proxy or on a TLS socket), a JWT of the bank's
 * identity provider, … It returns the caller, or undefined to refuse the
 * call (AUTH_INVALID_TOKEN); it may also throw an AirError of its own.
 */
export interface BankAuthentication {
  readonly authenticate: (request: BankRequest) => Promise<BankCaller | undefined> | BankCaller | undefined;
  /**
   * Whether `Authorization: Bearer <AIR_API_KEY>` is still accepted besides
   * (default false: the bank's check alone decides). For a migration from the
   * API key to the bank's own scheme.
   */
  readonly acceptApiKey?: boolean;
}

/** Checks one bank back-end call: the caller, or AUTH_MISSING_TOKEN / AUTH_INVALID_TOKEN. */
export type BankAuthenticator = (request: BankRequest) => Promise<BankCaller>;

/** The caller id every API-key call is logged with. */
export const API_KEY_CALLER: BankCaller = { id: 'api-key' };

/**
 * The check of bank back-end calls: the API key (AIR_API_KEY) by default;
 * the bank's own `authentication` when given. Whatever the bank's check
 * throws besides an AirError is refused as AUTH_INVALID_TOKEN, its message
 * kept out of the answer (it may name a certificate or a token).
 */
export function createBankAuthenticator(apiKey: Secret, authentication?: BankAuthentication): BankAuthenticator {
  if (authentication === undefined) {
    return async (request) => {
      requireApiKey(request.headers, apiKey);
      return API_KEY_CALLER;
    };
  }
  const { authenticate, acceptApiKey = false } = authentication;
  return async (request) => {
    if (acceptApiKey) {
      const presented = bearerCredential(request.headers);
      if (presented !== undefined && secretsEqual(presented, apiKey)) return API_KEY_CALLER;
    }
    let caller: BankCaller | undefined;
    try {
      caller = await authenticate(request);
    } catch (error: unknown) {
      if (error instanceof AirError) throw error;
      throw new AirError('AUTH_INVALID_TOKEN', 'the bank authentication refused the call', { cause: error });
    }
    if (caller === undefined || typeof caller.id !== 'string' || caller.id === '') {
      throw new AirError('AUTH_INVALID_TOKEN', 'the bank authentication refused the call');
    }
    return caller;
  };
}
