/**
 * Every error the server and the SDK report, by code. One table so that both
 * ends, the docs and the tests agree on what each failure means.
 *
 * `closeCode` is the WebSocket close code used when the error ends the
 * connection (4000-4999 is the range RFC 6455 leaves to applications).
 * Browsers hide the HTTP response of a refused upgrade, so the server accepts
 * the handshake of an unauthenticated socket only to close it at once with one
 * of these codes: the page then learns *why* it was refused.
 */
export const ERRORS = {
  // Authentication and authorization (connection-level).
  AUTH_MISSING_TOKEN: { closeCode: 4001, httpStatus: 401, recoverable: false },
  AUTH_INVALID_TOKEN: { closeCode: 4002, httpStatus: 401, recoverable: false },
  AUTH_EXPIRED_TOKEN: { closeCode: 4003, httpStatus: 401, recoverable: false },
  AUTH_WRONG_SESSION: { closeCode: 4004, httpStatus: 403, recoverable: false },
  FORBIDDEN_ROLE: { closeCode: 4005, httpStatus: 403, recoverable: false },
  /** An auditor token asked for a session outside its scope (its session list or time range). */
  FORBIDDEN_SCOPE: { closeCode: 4019, httpStatus: 403, recoverable: false },
  DUPLICATE_PEER: { closeCode: 4006, httpStatus: 409, recoverable: false },
  SESSION_NOT_FOUND: { closeCode: 4007, httpStatus: 404, recoverable: false },
  SESSION_ENDED: { closeCode: 4008, httpStatus: 410, recoverable: false },
  /** The token's `iat` or `nbf` lies further in the future than the allowed clock skew. */
  AUTH_NOT_YET_VALID: { closeCode: 4009, httpStatus: 401, recoverable: false },
  /** The connection's token expired while it was open: reconnect with a fresh token (the seat is kept). */
  REAUTH_REQUIRED: { closeCode: 4018, httpStatus: 401, recoverable: true },
  /** The join token was already used for a connection: each attempt needs a fresh one. */
  AUTH_TOKEN_REPLAYED: { closeCode: 4025, httpStatus: 401, recoverable: false },
  // Message-level.
  MALFORMED_MESSAGE: { closeCode: 4010, httpStatus: 400, recoverable: true },
  INVALID_PARAMS: { closeCode: 4011, httpStatus: 400, recoverable: true },
  UNKNOWN_METHOD: { closeCode: 4012, httpStatus: 400, recoverable: true },
  PAYLOAD_TOO_LARGE: { closeCode: 4013, httpStatus: 413, recoverable: true },
  RATE_LIMITED: { closeCode: 4014, httpStatus: 429, recoverable: true },
  NOT_JOINED: { closeCode: 4015, httpStatus: 409, recoverable: true },
  ALREADY_JOINED: { closeCode: 4016, httpStatus: 409, recoverable: true },
  /** REST: no route or resource at this path. */
  NOT_FOUND: { closeCode: 4017, httpStatus: 404, recoverable: false },
  // Media objects.
  TRANSPORT_NOT_FOUND: { closeCode: 4020, httpStatus: 404, recoverable: true },
  PRODUCER_NOT_FOUND: { closeCode: 4021, httpStatus: 404, recoverable: true },
  CONSUMER_NOT_FOUND: { closeCode: 4022, httpStatus: 404, recoverable: true },
  CANNOT_CONSUME: { closeCode: 4023, httpStatus: 409, recoverable: true },
  MEDIA_REJECTED: { closeCode: 4024, httpStatus: 400, recoverable: true },
  WORKER_DIED: { closeCode: 4030, httpStatus: 503, recoverable: false },
  /** The server is shutting down: it opens no new session (try again on another node or later). */
  SHUTTING_DOWN: { closeCode: 4031, httpStatus: 503, recoverable: true },
  /** The server's database is unreachable, overloaded or too slow: retry later. */
  STORE_UNAVAILABLE: { closeCode: 4032, httpStatus: 503, recoverable: true },
  /**
   * Several nodes: the session runs on another live node (the message names its signaling URL). Reconnect with a
   * fresh join token, which names that node.
   */
  SESSION_ON_OTHER_NODE: { closeCode: 4033, httpStatus: 409, recoverable: true },
  /** Several nodes: every live node hosts as many sessions as its capacity allows: retry later. */
  NODES_FULL: { closeCode: 4034, httpStatus: 503, recoverable: true },
  // Recording and evidence.
  CONSENT_REQUIRED: { closeCode: 4040, httpStatus: 409, recoverable: true },
  RECORDING_ALREADY_ACTIVE: { closeCode: 4041, httpStatus: 409, recoverable: true },
  RECORDING_NOT_ACTIVE: { closeCode: 4042, httpStatus: 409, recoverable: true },
  RECORDING_FAILED: { closeCode: 4043, httpStatus: 500, recoverable: false },
  EVIDENCE_NOT_FOUND: { closeCode: 4044, httpStatus: 404, recoverable: true },
  STORAGE_WRITE_ONCE: { closeCode: 4045, httpStatus: 409, recoverable: false },
  // Liveness and face match.
  LIVENESS_NONCE_UNKNOWN: { closeCode: 4050, httpStatus: 409, recoverable: true },
  LIVENESS_EXPIRED: { closeCode: 4051, httpStatus: 409, recoverable: true },
  LIVENESS_REJECTED: { closeCode: 4052, httpStatus: 422, recoverable: true },
  ID_PHOTO_MISSING: { closeCode: 4053, httpStatus: 409, recoverable: true },
  /** The session used all the liveness attempts it is allowed. */
  LIVENESS_ATTEMPTS_EXHAUSTED: { closeCode: 4054, httpStatus: 429, recoverable: false },
  /** An evidence frame is not a JPEG of an acceptable size and resolution (nothing was stored). */
  LIVENESS_FRAME_INVALID: { closeCode: 4055, httpStatus: 422, recoverable: true },
  // Scripted journeys (双录).
  /** The session has no journey, or no definition has this id and version. */
  JOURNEY_NOT_FOUND: { closeCode: 4060, httpStatus: 404, recoverable: false },
  /** The caller's role may not take this action on this step (e.g. the customer starting a step). */
  JOURNEY_WRONG_ACTOR: { closeCode: 4061, httpStatus: 403, recoverable: false },
  /** The step is not the open one: not started yet, already done, or interrupted (a late action). */
  JOURNEY_OUT_OF_ORDER: { closeCode: 4062, httpStatus: 409, recoverable: true },
  /** The action id was already applied (a retry or a replay): nothing changed. */
  JOURNEY_DUPLICATE_ACTION: { closeCode: 4063, httpStatus: 409, recoverable: false },
  /** The step's minimum duration has not passed yet. */
  JOURNEY_TOO_EARLY: { closeCode: 4064, httpStatus: 409, recoverable: true },
  /** The journey is over (completed, or the session ended). */
  JOURNEY_ENDED: { closeCode: 4065, httpStatus: 410, recoverable: false },
  /** A suitability mismatch blocked the sale. */
  JOURNEY_BLOCKED: { closeCode: 4066, httpStatus: 409, recoverable: false },
  /** The action does not fit the step (an answer it does not offer, identity not verified yet, …). */
  JOURNEY_ACTION_INVALID: { closeCode: 4067, httpStatus: 422, recoverable: true },
  /** A mandatory step would be skipped. */
  JOURNEY_STEP_MANDATORY: { closeCode: 4068, httpStatus: 409, recoverable: true },
  /** A journey limit was reached (actions per journey, registered definitions). */
  JOURNEY_LIMIT_REACHED: { closeCode: 4069, httpStatus: 429, recoverable: false },
  /** A nod, shake or voice confirmation without the server's own passed, unused verdict for this step and answer. */
  CONFIRMATION_UNVERIFIED: { closeCode: 4086, httpStatus: 422, recoverable: true },
  /** The step allows no more gesture or voice checks: tap, or the agent attests with a reason. */
  CONFIRMATION_ATTEMPTS_EXHAUSTED: { closeCode: 4087, httpStatus: 429, recoverable: false },
  /** This server cannot check this confirmation (no speech verifier configured for voice). */
  CONFIRMATION_UNAVAILABLE: { closeCode: 4088, httpStatus: 503, recoverable: false },
  // Speech played into the call (server/src/speech).
  /** The text to speak is longer than AIR_SPEECH_MAX_TEXT_CHARS. */
  SPEECH_TEXT_TOO_LONG: { closeCode: 4056, httpStatus: 413, recoverable: true },
  /** Speech cannot be rendered or played here (espeak-ng or ffmpeg missing, no voice, no recordings directory). */
  SPEECH_UNAVAILABLE: { closeCode: 4057, httpStatus: 503, recoverable: false },
  /** A bank recording was refused: unknown name, a path outside its directory, not a playable audio file, too long. */
  SPEECH_AUDIO_REFUSED: { closeCode: 4058, httpStatus: 422, recoverable: true },
  /** Speech is already playing in this session (stop it first). */
  SPEECH_BUSY: { closeCode: 4059, httpStatus: 409, recoverable: true },
  // Face-to-face signing.
  /** No document with that id in this session. */
  DOCUMENT_NOT_FOUND: { closeCode: 4070, httpStatus: 404, recoverable: false },
  /** The upload is not a readable, unencrypted PDF (or names a signature field outside its pages). */
  DOCUMENT_INVALID: { closeCode: 4071, httpStatus: 422, recoverable: true },
  /** The customer must confirm having read the document (with its short code) before signing it. */
  DOCUMENT_NOT_CONFIRMED: { closeCode: 4072, httpStatus: 409, recoverable: true },
  /** The strokes are too simple to be a handwritten signature (nothing was kept): sign again. */
  SIGNATURE_REJECTED: { closeCode: 4073, httpStatus: 422, recoverable: true },
  /** This attempt id was already submitted: a replayed message signs nothing. */
  SIGNATURE_REPLAYED: { closeCode: 4074, httpStatus: 409, recoverable: false },
  /** The document was uploaded to be read, without a signature field: it takes no signature. */
  DOCUMENT_NOT_SIGNABLE: { closeCode: 4084, httpStatus: 409, recoverable: false },
  // Remote authorization (stills from the live video, requests, decisions).
  /** The server could not take a still of the participant's camera (no live camera, no decodable frame in time). */
  STILL_FAILED: { closeCode: 4075, httpStatus: 409, recoverable: true },
  /** The session keeps as many stills as it may (`AIR_STILL_MAX_PER_SESSION`). */
  STILL_LIMIT_REACHED: { closeCode: 4076, httpStatus: 429, recoverable: false },
  /** No authorization rule covers this operation type, currency and amount. */
  AUTHZ_NO_RULE: { closeCode: 4077, httpStatus: 422, recoverable: false },
  AUTHZ_NOT_FOUND: { closeCode: 4078, httpStatus: 404, recoverable: false },
  /** The request is no longer pending (approved, declined, expired or cancelled): nothing changes it now. */
  AUTHZ_NOT_PENDING: { closeCode: 4079, httpStatus: 409, recoverable: false },
  /** This authorizer already decided on this request (one vote per person). */
  AUTHZ_ALREADY_DECIDED: { closeCode: 4080, httpStatus: 409, recoverable: false },
  /** Separation of duties: the requester, an authorizer below the required level or one not assigned. */
  AUTHZ_FORBIDDEN: { closeCode: 4081, httpStatus: 403, recoverable: false },
  /** An attachment is not an artifact of this session. */
  AUTHZ_ATTACHMENT_UNKNOWN: { closeCode: 4082, httpStatus: 422, recoverable: true },
  /** The session has as many pending requests as it may (`AIR_AUTHZ_MAX_PENDING_PER_SESSION`). */
  AUTHZ_LIMIT_REACHED: { closeCode: 4083, httpStatus: 429, recoverable: true },
  // Client-side only (never sent by the server).
  CONNECTION_LOST: { closeCode: 4090, httpStatus: 503, recoverable: true },
  DEVICE_UNAVAILABLE: { closeCode: 4091, httpStatus: 400, recoverable: true },
  TIMEOUT: { closeCode: 4092, httpStatus: 504, recoverable: true },
  /** The page was built without the optional @aircounter/vision package that `<air-liveness-check>` loads: add it. */
  VISION_NOT_INSTALLED: { closeCode: 4093, httpStatus: 501, recoverable: false },
  INTERNAL: { closeCode: 4099, httpStatus: 500, recoverable: false },
  // Webhooks, metrics and TURN (bank adoption).
  /** REST: no webhook event with this id (or, to redeliver, none dead-lettered). */
  WEBHOOK_NOT_FOUND: { closeCode: 4085, httpStatus: 404, recoverable: false },
} as const satisfies Record<string, ErrorInfo>;

export interface ErrorInfo {
  readonly closeCode: number;
  readonly httpStatus: number;
  /** Whether retrying (or reconnecting) can succeed without a new token or new input. */
  readonly recoverable: boolean;
}

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

export function errorCodeForCloseCode(closeCode: number): ErrorCode | undefined {
  for (const [code, info] of Object.entries(ERRORS)) {
    if (info.closeCode === closeCode) return code as ErrorCode;
  }
  return undefined;
}

/** The wire shape of an error: a code from {@link ERRORS} and a human message (never secrets). */
export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly message: string;
}

/** An error with a typed code, thrown by the server's handlers and by the SDK. */
export class AirError extends Error {
  readonly code: ErrorCode;
  readonly recoverable: boolean;

  constructor(code: ErrorCode, message: string = code, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirError';
    this.code = code;
    this.recoverable = ERRORS[code].recoverable;
  }

  /**
   * Anything thrown, as an AirError: `error` itself when it is one; else a new
   * AirError with `error` as its cause and the code it carries (an error of
   * another copy of this package keeps its code) or `fallback`.
   *
   * The message: `context` names what failed and is followed by the error's
   * own message (`join: socket closed`); `{ message }` is used as it is, for
   * messages other participants see, which must not repeat an internal
   * error's text (paths, addresses); without either, the error's own message.
   */
  static from(error: unknown, fallback: ErrorCode, context?: string | { readonly message: string }): AirError {
    if (error instanceof AirError) return error;
    const carried = error instanceof Error && 'code' in error && isErrorCode(error.code) ? error.code : undefined;
    const message =
      context === undefined
        ? errorMessage(error)
        : typeof context === 'string'
          ? `${context}: ${errorMessage(error)}`
          : context.message;
    return new AirError(carried ?? fallback, message, { cause: error });
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

/** The message of anything thrown: an Error's `message`, else its text form. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
