import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { AirError, AuthorizerLevel, DisplayName, Id, type Role } from '@aircounter/protocol';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import * as v from 'valibot';
import { isServerPeerId } from '../media/server-peer.ts';
import type { Secret } from '../secret.ts';
import { parseScopeClaim, type AuditorScope } from './auditor.ts';

/** Audience of join tokens: they open the signaling WebSocket and nothing else. */
export const SIGNALING_AUDIENCE = 'aircounter-signaling';
/** Audience of auditor tokens: they open the evidence REST API and nothing else. */
export const EVIDENCE_AUDIENCE = 'aircounter-evidence';
/** Audience of desk tokens: they open the authorization desk API (not bound to one session) and nothing else. */
export const DESK_AUDIENCE = 'aircounter-desk';

/** The only algorithm accepted, pinned so that `alg: none` or an RS/HS confusion cannot pass. */
const ALGORITHM = 'HS256';
/** Slack on `exp` only: an expired token stays expired whatever the issuer's clock says. */
const EXPIRY_TOLERANCE_SECONDS = 5;
/** Default for how far `iat`/`nbf` may lie ahead of our clock (config AIR_TOKEN_CLOCK_SKEW_S). */
const DEFAULT_CLOCK_SKEW_SECONDS = 30;
/** Longer than any token we issue; refuses junk before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

export const LIVE_ROLES = ['customer', 'agent', 'supervisor'] as const;
export type LiveRole = (typeof LIVE_ROLES)[number];

export interface TokenSettings {
  readonly secret: Secret;
  readonly issuer: string;
  /** Largest accepted lead of `iat`/`nbf` over the server's clock, seconds. */
  readonly clockSkewSeconds?: number;
}

export interface IssuedToken {
  readonly token: string;
  /** Wall-clock ms. */
  readonly expiresAt: number;
}

export interface JoinClaims {
  readonly sessionId: string;
  readonly peerId: string;
  readonly role: LiveRole;
  readonly displayName: string;
  readonly tokenId: string;
  readonly expiresAt: number;
}

export interface AuditorClaims {
  readonly auditorId: string;
  readonly role: Extract<Role, 'auditor'>;
  readonly displayName: string;
  readonly tokenId: string;
  readonly expiresAt: number;
  /** What the token may read (`scp` claim, server/src/auth/auditor.ts); undefined reads every session. */
  readonly scope: AuditorScope | undefined;
}

/**
 * An authorizer at the desk. `authorizerId` is the person's identity, the same
 * namespace as the `sub` of an agent's join token: separation of duties
 * compares them, whatever token each was carried in.
 */
export interface DeskClaims {
  readonly authorizerId: string;
  readonly displayName: string;
  readonly level: number;
  readonly tokenId: string;
  readonly expiresAt: number;
}

const DeskPayload = v.object({
  aud: v.literal(DESK_AUDIENCE),
  sub: Id,
  role: v.literal('authorizer'),
  name: DisplayName,
  lvl: AuthorizerLevel,
  jti: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  exp: v.number(),
});

const JoinPayload = v.object({
  aud: v.literal(SIGNALING_AUDIENCE),
  sid: Id,
  sub: Id,
  role: v.picklist(LIVE_ROLES),
  name: DisplayName,
  jti: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  exp: v.number(),
});

const AuditorPayload = v.object({
  aud: v.literal(EVIDENCE_AUDIENCE),
  sub: Id,
  role: v.literal('auditor'),
  name: DisplayName,
  jti: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  exp: v.number(),
});

/** Maps jose's failures to our typed codes; the message never includes the token. */
function toAirError(error: unknown): AirError {
  if (error instanceof AirError) return error;
  if (error instanceof joseErrors.JWTExpired) return new AirError('AUTH_EXPIRED_TOKEN', 'token expired');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return new AirError('AUTH_INVALID_TOKEN', `token algorithm not allowed (only ${ALGORITHM})`);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new AirError('AUTH_INVALID_TOKEN', 'token signature invalid');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') {
    return new AirError('AUTH_NOT_YET_VALID', 'token not valid yet (nbf in the future)');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return new AirError('AUTH_INVALID_TOKEN', `token claim "${error.claim}" invalid`);
  }
  if (error instanceof joseErrors.JOSEError) return new AirError('AUTH_INVALID_TOKEN', 'token malformed');
  return new AirError('AUTH_INVALID_TOKEN', 'token could not be verified', { cause: error });
}

function singleAudience(payload: JWTPayload): string | undefined {
  return typeof payload.aud === 'string' ? payload.aud : undefined;
}

/**
 * Issues and verifies the HS256 JWTs of docs/architecture.md ("Tokens").
 * Every verification pins the algorithm, the issuer and one of our two
 * audiences, and requires `exp`, `iat`, `jti` and `sub`.
 */
export class TokenService {
  readonly #key: KeyObject;
  readonly #issuer: string;
  readonly #now: () => number;
  readonly #clockSkewSeconds: number;

  constructor(settings: TokenSettings, now: () => number = Date.now) {
    this.#key = createSecretKey(Buffer.from(settings.secret.reveal(), 'utf8'));
    this.#issuer = settings.issuer;
    this.#clockSkewSeconds = settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    this.#now = now;
  }

  async issueJoinToken(claims: {
    sessionId: string;
    peerId: string;
    role: LiveRole;
    displayName: string;
    ttlSeconds: number;
    /**
     * Several nodes: the signaling URL of the node hosting the session (`srv`
     * claim). Clients read it without verifying the token and connect there.
     */
    signalingUrl?: string | undefined;
  }): Promise<IssuedToken> {
    if (isServerPeerId(claims.peerId)) {
      throw new AirError('INVALID_PARAMS', `peer id ${claims.peerId} is reserved for the server`);
    }
    return this.#sign(
      {
        sid: claims.sessionId,
        role: claims.role,
        name: claims.displayName,
        ...(claims.signalingUrl === undefined ? {} : { srv: claims.signalingUrl }),
      },
      SIGNALING_AUDIENCE,
      claims.peerId,
      claims.ttlSeconds,
    );
  }

  async issueAuditorToken(claims: {
    auditorId: string;
    displayName: string;
    ttlSeconds: number;
    scope?: AuditorScope | undefined;
  }): Promise<IssuedToken> {
    return this.#sign(
      { role: 'auditor', name: claims.displayName, ...(claims.scope ? { scp: claims.scope } : {}) },
      EVIDENCE_AUDIENCE,
      claims.auditorId,
      claims.ttlSeconds,
    );
  }

  /**
   * Verifies a join token for the signaling endpoint. An auditor token is
   * refused with FORBIDDEN_ROLE (it is genuine, but not for this door).
   */
  async verifyJoinToken(token: string | undefined): Promise<JoinClaims> {
    const payload = await this.#verify(token);
    if (singleAudience(payload) === EVIDENCE_AUDIENCE || payload['role'] === 'auditor') {
      throw new AirError('FORBIDDEN_ROLE', 'auditor tokens cannot join live sessions');
    }
    if (singleAudience(payload) === DESK_AUDIENCE || payload['role'] === 'authorizer') {
      throw new AirError('FORBIDDEN_ROLE', 'desk tokens cannot join live sessions (the desk issues a join token)');
    }
    const parsed = v.safeParse(JoinPayload, payload);
    if (!parsed.success) throw new AirError('AUTH_INVALID_TOKEN', 'token claims invalid for a join token');
    const claims = parsed.output;
    return {
      sessionId: claims.sid,
      peerId: claims.sub,
      role: claims.role,
      displayName: claims.name,
      tokenId: claims.jti,
      expiresAt: claims.exp * 1000,
    };
  }

  /** Verifies an auditor token for the evidence API; a join token is refused with FORBIDDEN_ROLE. */
  async verifyAuditorToken(token: string | undefined): Promise<AuditorClaims> {
    const payload = await this.#verify(token);
    if (singleAudience(payload) === SIGNALING_AUDIENCE || payload['role'] !== 'auditor') {
      throw new AirError('FORBIDDEN_ROLE', 'only auditor tokens open the evidence API');
    }
    const parsed = v.safeParse(AuditorPayload, payload);
    if (!parsed.success) throw new AirError('AUTH_INVALID_TOKEN', 'token claims invalid for an auditor token');
    const claims = parsed.output;
    return {
      auditorId: claims.sub,
      role: 'auditor',
      displayName: claims.name,
      tokenId: claims.jti,
      expiresAt: claims.exp * 1000,
      scope: parseScopeClaim(payload['scp']),
    };
  }

  async issueDeskToken(claims: {
    authorizerId: string;
    displayName: string;
    level: number;
    ttlSeconds: number;
  }): Promise<IssuedToken> {
    return this.#sign(
      { role: 'authorizer', name: claims.displayName, lvl: claims.level },
      DESK_AUDIENCE,
      claims.authorizerId,
      claims.ttlSeconds,
    );
  }

  /** Verifies a desk token for the desk API; join and auditor tokens are refused with FORBIDDEN_ROLE. */
  async verifyDeskToken(token: string | undefined): Promise<DeskClaims> {
    const payload = await this.#verify(token);
    if (singleAudience(payload) !== DESK_AUDIENCE || payload['role'] !== 'authorizer') {
      throw new AirError('FORBIDDEN_ROLE', 'only desk tokens open the authorization desk');
    }
    const parsed = v.safeParse(DeskPayload, payload);
    if (!parsed.success) throw new AirError('AUTH_INVALID_TOKEN', 'token claims invalid for a desk token');
    const claims = parsed.output;
    return {
      authorizerId: claims.sub,
      displayName: claims.name,
      level: claims.lvl,
      tokenId: claims.jti,
      expiresAt: claims.exp * 1000,
    };
  }

  async #sign(claims: JWTPayload, audience: string, subject: string, ttlSeconds: number): Promise<IssuedToken> {
    const issuedAt = Math.floor(this.#now() / 1000);
    const expiresAtSeconds = issuedAt + ttlSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(this.#issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAtSeconds)
      .setJti(randomUUID())
      .sign(this.#key);
    return { token, expiresAt: expiresAtSeconds * 1000 };
  }

  async #verify(token: string | undefined): Promise<JWTPayload> {
    if (token === undefined || token === '') throw new AirError('AUTH_MISSING_TOKEN', 'no token presented');
    if (token.length > MAX_TOKEN_LENGTH) throw new AirError('AUTH_INVALID_TOKEN', 'token too long');
    try {
      const now = this.#now();
      // jose applies one tolerance to exp and nbf: give it the skew allowed for nbf, then hold exp tighter below.
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: [ALGORITHM],
        issuer: this.#issuer,
        audience: [SIGNALING_AUDIENCE, EVIDENCE_AUDIENCE, DESK_AUDIENCE],
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        clockTolerance: Math.max(this.#clockSkewSeconds, EXPIRY_TOLERANCE_SECONDS),
        currentDate: new Date(now),
      });
      const nowSeconds = now / 1000;
      if (typeof payload.exp === 'number' && payload.exp + EXPIRY_TOLERANCE_SECONDS <= nowSeconds) {
        throw new AirError('AUTH_EXPIRED_TOKEN', 'token expired');
      }
      // A token "issued" ahead of our clock by more than the skew was made with a wrong clock or to outlive its ttl.
      if (typeof payload.iat === 'number' && payload.iat > nowSeconds + this.#clockSkewSeconds) {
        throw new AirError('AUTH_NOT_YET_VALID', 'token issued in the future');
      }
      if (singleAudience(payload) === undefined)
        throw new AirError('AUTH_INVALID_TOKEN', 'token must name one audience');
      return payload;
    } catch (error) {
      throw toAirError(error);
    }
  }
}
