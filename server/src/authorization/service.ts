import { randomUUID } from 'node:crypto';
import {
  ARTIFACT_MEDIA_TYPES,
  isArtifactKind,
  isArtifactMediaType,
  type AnyEvidenceEvent,
  type ArtifactMediaType,
} from '@aircounter/evidence';
import {
  AirError,
  errorMessage,
  type AuthorizationDecisionInput,
  type AuthorizationView,
  type RequestData,
} from '@aircounter/protocol';
import type { DeskClaims, TokenService, IssuedToken } from '../auth/tokens.ts';
import { readArtifact } from '../evidence/artifacts.ts';
import { addArtifact } from '../evidence/artifacts.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import type { SessionRoute } from '../nodes/cluster.ts';
import type { Session } from '../store/sessions-repository.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { AttachmentRef, AuthorizationRecord, FinalStatus } from '../store/authorization-requests-repository.ts';
import type { Store } from '../store/store.ts';
import { signDecision } from './decision.ts';
import { pickAuthorizers } from './routing.ts';
import { matchRule } from './rules.ts';
import { toAuthorizationView } from './views.ts';

export interface AuthorizationSettings {
  /** Pending requests one session may have at once (`AIR_AUTHZ_MAX_PENDING_PER_SESSION`). */
  readonly maxPendingPerSession: number;
  /** An authorizer counts as available this long after their last desk request (`AIR_AUTHZ_PRESENCE_S`). */
  readonly presenceSeconds: number;
  /** How often due requests are escalated or expired (`AIR_AUTHZ_SWEEP_INTERVAL_MS`). */
  readonly sweepIntervalMs: number;
  /** Lifetime of the supervisor join token the desk hands out (`AIR_JOIN_TOKEN_TTL_SECONDS`). */
  readonly joinTokenTtlSeconds: number;
}

export const DEFAULT_AUTHORIZATION_SETTINGS: Omit<AuthorizationSettings, 'joinTokenTtlSeconds'> = {
  maxPendingPerSession: 5,
  presenceSeconds: 60,
  sweepIntervalMs: 1000,
};

export interface AuthorizationServiceOptions {
  readonly store: Store;
  readonly evidence: EvidenceService;
  readonly sessions: SessionRegistry;
  readonly rooms: RoomRegistry;
  readonly tokens: TokenService;
  /** Several nodes: where a session's clients connect now (the desk's join token names that node). */
  readonly route?: (session: Session) => Promise<SessionRoute>;
  readonly settings: AuthorizationSettings;
  readonly log: Logger;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** `<kind>-<sha256>.<ext>`: an artifact's file name (see `@aircounter/evidence` artifacts.ts). */
const ARTIFACT_NAME = /^([a-z-]+)-([0-9a-f]{64})\.([a-z0-9]+)$/;
const MEDIA_TYPE_BY_EXTENSION = new Map<string, ArtifactMediaType>(
  Object.entries(ARTIFACT_MEDIA_TYPES).map(([mediaType, extension]) => [extension, mediaType as ArtifactMediaType]),
);

/**
 * Remote authorization (dual control): an agent asks inside a session, the
 * bank's rules say who may decide, the request is offered to available
 * authorizers of that level (never the requester), they decide at the desk,
 * every decision is signed into the session's evidence. All state is in the
 * store, so any node can serve the desk and run the SLA sweep.
 */
export class AuthorizationService {
  readonly #options: AuthorizationServiceOptions;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: AuthorizationServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  get settings(): AuthorizationSettings {
    return this.#options.settings;
  }

  /** The agent `requestedBy` asks for an authorization in `sessionId`. */
  async request(
    sessionId: string,
    requestedBy: string,
    input: RequestData<'requestAuthorization'>,
  ): Promise<AuthorizationView> {
    const { store, log } = this.#options;
    const ruleSet = await store.authorizationRules.current();
    const rule =
      ruleSet === undefined
        ? undefined
        : matchRule(ruleSet.rules, {
            operationType: input.operationType,
            currency: input.currency,
            amount: input.amount,
          });
    if (ruleSet === undefined || rule === undefined) {
      throw new AirError('AUTHZ_NO_RULE', `no rule covers ${input.operationType} ${input.amount} ${input.currency}`);
    }
    const attachments = await this.#resolveAttachments(sessionId, input.attachments);
    const now = this.#now();
    const record = await store.authorizationRequests.create(
      {
        id: `az-${randomUUID()}`,
        sessionId,
        requestedBy,
        operationType: input.operationType,
        amount: input.amount,
        currency: input.currency,
        reason: input.reason,
        note: input.note,
        attachments,
        rulesVersion: ruleSet.version,
        level: rule.level,
        approvals: rule.approvals,
        slaSeconds: rule.slaSeconds,
        escalationLevel: rule.escalationLevel ?? null,
        createdAt: now,
        deadlineAt: now + rule.slaSeconds * 1000,
      },
      this.settings.maxPendingPerSession,
    );
    await this.#append(sessionId, {
      type: 'authorization.requested',
      data: {
        requestId: record.id,
        requestedBy,
        operationType: record.operationType,
        amount: record.amount,
        currency: record.currency,
        reason: record.reason,
        note: record.note,
        attachments: record.attachments.map((attachment) => attachment.sha256),
        rulesVersion: record.rulesVersion,
        level: record.level,
        approvals: record.approvals,
        slaSeconds: record.slaSeconds,
        escalationLevel: record.escalationLevel,
        deadlineAt: record.deadlineAt,
      },
    });
    log.info('authorization requested', { sessionId, requestId: record.id, level: record.level });
    const routed = await this.#route(record);
    this.#notify(routed);
    return toAuthorizationView(routed);
  }

  /** The requester cancels its pending request. */
  async cancel(sessionId: string, requestedBy: string, requestId: string): Promise<AuthorizationView> {
    const record = await this.#requireInSession(sessionId, requestId);
    if (record.requestedBy !== requestedBy) throw new AirError('AUTHZ_FORBIDDEN', 'only the requester may cancel');
    const cancelled = await this.#options.store.authorizationRequests.cancel(requestId, this.#now());
    if (cancelled === undefined) throw new AirError('AUTHZ_NOT_PENDING', 'the request is no longer pending');
    await this.#closed(cancelled, 'cancelled');
    return toAuthorizationView(cancelled);
  }

  /** A session's requests (bank back end). */
  async listForSession(sessionId: string): Promise<AuthorizationView[]> {
    return (await this.#options.store.authorizationRequests.listForSession(sessionId)).map(toAuthorizationView);
  }

  /**
   * The desk's queue: marks the authorizer present, offers waiting requests
   * to whoever is present, and lists the pending requests offered to them.
   */
  async deskQueue(desk: DeskClaims): Promise<AuthorizationView[]> {
    const { store } = this.#options;
    await store.authorizers.seen(desk);
    await this.routeWaiting();
    return (await store.authorizationRequests.listAssigned(desk.authorizerId)).map(toAuthorizationView);
  }

  /** One request for the desk: only an authorizer it was offered to (at any level) or who voted on it. */
  async deskOpen(desk: DeskClaims, requestId: string): Promise<AuthorizationRecord> {
    const record = await this.#require(requestId);
    const involved =
      record.assignees.some((assignee) => assignee.authorizerId === desk.authorizerId) ||
      record.votes.some((vote) => vote.authorizerId === desk.authorizerId);
    if (!involved) throw new AirError('AUTHZ_NOT_FOUND', 'no such authorization request');
    return record;
  }

  /** An attachment's bytes for the desk. */
  async deskAttachment(
    desk: DeskClaims,
    requestId: string,
    sha256: string,
  ): Promise<{ bytes: Uint8Array; mediaType: string }> {
    const record = await this.deskOpen(desk, requestId);
    const attachment = record.attachments.find((candidate) => candidate.sha256 === sha256);
    if (attachment === undefined || !isArtifactKind(attachment.kind) || !isArtifactMediaType(attachment.mediaType)) {
      throw new AirError('NOT_FOUND', 'no such attachment');
    }
    const bytes = await readArtifact(this.#options.evidence, record.sessionId, {
      kind: attachment.kind,
      sha256,
      mediaType: attachment.mediaType,
    });
    if (bytes === undefined) throw new AirError('NOT_FOUND', 'the attachment is no longer available');
    return { bytes, mediaType: attachment.mediaType };
  }

  /**
   * A join token that lets the authorizer into the live call as `supervisor`
   * (everyone in the call is told a supervisor joined). Only while the
   * request is pending and the authorizer may decide it.
   */
  async deskJoin(
    desk: DeskClaims,
    requestId: string,
  ): Promise<IssuedToken & { sessionId: string; route: SessionRoute | undefined }> {
    const record = await this.#require(requestId);
    this.#checkMayDecide(record, desk);
    const session = await this.#options.sessions.requireLive(record.sessionId);
    const route = await this.#options.route?.(session);
    const issued = await this.#options.tokens.issueJoinToken({
      sessionId: record.sessionId,
      peerId: desk.authorizerId,
      role: 'supervisor',
      displayName: desk.displayName,
      ttlSeconds: this.settings.joinTokenTtlSeconds,
      signalingUrl: route?.signalingUrl,
    });
    this.#options.log.info('authorizer joins the call', {
      sessionId: record.sessionId,
      requestId,
      authorizerId: desk.authorizerId,
    });
    return { ...issued, sessionId: record.sessionId, route };
  }

  /** One authorizer's vote, signed into the evidence. */
  async decide(desk: DeskClaims, requestId: string, input: AuthorizationDecisionInput): Promise<AuthorizationView> {
    const { store, evidence } = this.#options;
    const record = await this.#require(requestId);
    this.#checkMayDecide(record, desk);
    const session = await this.#options.sessions.get(record.sessionId);
    if (session === undefined || session.status === 'ended') {
      throw new AirError('AUTHZ_NOT_PENDING', 'the session has ended');
    }
    const decidedAt = this.#now();
    const signed = signDecision(evidence.keys, record, desk, input, decidedAt);
    // The vote is the authority (one per authorizer, only while pending); the artifact and events follow it.
    const { record: voted, closed } = await store.authorizationRequests.vote(requestId, {
      authorizerId: desk.authorizerId,
      displayName: desk.displayName,
      level: desk.level,
      decision: input.decision,
      reasonCode: input.reasonCode,
      comment: input.comment,
      decidedAt,
      decisionSha256: signed.sha256,
    });
    await addArtifact(evidence, record.sessionId, {
      kind: 'authorization-decision',
      mediaType: 'application/json',
      bytes: signed.bytes,
    });
    await this.#append(record.sessionId, {
      type: 'authorization.decided',
      data: {
        requestId,
        authorizerId: desk.authorizerId,
        level: desk.level,
        decision: input.decision,
        reasonCode: input.reasonCode,
        decisionSha256: signed.sha256,
      },
    });
    this.#options.log.info('authorization vote', {
      sessionId: record.sessionId,
      requestId,
      authorizerId: desk.authorizerId,
      decision: input.decision,
    });
    if (closed !== undefined) await this.#closed(voted, closed);
    else this.#notify(voted);
    return toAuthorizationView(voted);
  }

  /** Escalates or expires every request past its deadline. Safe on several nodes at once. */
  async sweep(): Promise<void> {
    const { store, log } = this.#options;
    const now = this.#now();
    for (const due of await store.authorizationRequests.listDue(now)) {
      if (due.escalationLevel !== null) {
        const escalated = await store.authorizationRequests.escalate(
          due.id,
          due.deadlineAt,
          due.escalationLevel,
          now + due.slaSeconds * 1000,
        );
        if (escalated === undefined) continue;
        await this.#append(due.sessionId, {
          type: 'authorization.escalated',
          data: { requestId: due.id, fromLevel: due.level, toLevel: escalated.level, deadlineAt: escalated.deadlineAt },
        });
        log.info('authorization escalated', { requestId: due.id, fromLevel: due.level, toLevel: escalated.level });
        this.#notify(await this.#route(escalated));
      } else {
        const expired = await store.authorizationRequests.expire(due.id, due.deadlineAt, now);
        if (expired !== undefined) await this.#closed(expired, 'expired');
      }
    }
  }

  /** Offers every pending request that lacks authorizers to whoever is available now. */
  async routeWaiting(): Promise<void> {
    for (const record of await this.#options.store.authorizationRequests.listPending()) await this.#route(record);
  }

  #checkMayDecide(record: AuthorizationRecord, desk: DeskClaims): void {
    if (record.status !== 'pending') throw new AirError('AUTHZ_NOT_PENDING', `the request is ${record.status}`);
    // Separation of duties by identity, whatever token the person holds.
    if (record.requestedBy === desk.authorizerId) {
      throw new AirError('AUTHZ_FORBIDDEN', 'the requester cannot authorize their own request');
    }
    if (desk.level < record.level) {
      throw new AirError(
        'AUTHZ_FORBIDDEN',
        `the request needs level ${record.level}, the authorizer has ${desk.level}`,
      );
    }
    if (record.votes.some((vote) => vote.authorizerId === desk.authorizerId)) {
      throw new AirError('AUTHZ_ALREADY_DECIDED', 'one vote per authorizer');
    }
    if (!record.assignees.some((a) => a.authorizerId === desk.authorizerId && a.level === record.level)) {
      throw new AirError('AUTHZ_FORBIDDEN', 'the request is not offered to this authorizer');
    }
  }

  /** Offers `record` to as many more authorizers as it still needs; returns it as stored afterwards. */
  async #route(record: AuthorizationRecord): Promise<AuthorizationRecord> {
    const { store } = this.#options;
    if (record.status !== 'pending') return record;
    const voters = new Set(record.votes.map((vote) => vote.authorizerId));
    const approvalsLeft = record.approvals - record.votes.filter((vote) => vote.decision === 'approve').length;
    const offered = record.assignees.filter(
      (assignee) => assignee.level === record.level && !voters.has(assignee.authorizerId),
    );
    const count = approvalsLeft - offered.length;
    if (count <= 0) return record;
    const ruleSet = await store.authorizationRules.current();
    const chosen = pickAuthorizers({
      candidates: await store.authorizers.available(record.level, this.settings.presenceSeconds * 1000),
      level: record.level,
      count,
      exclude: new Set([record.requestedBy, ...voters, ...offered.map((assignee) => assignee.authorizerId)]),
      strategy: ruleSet?.routing ?? 'least-loaded',
      random: this.#random,
    });
    if (chosen.length === 0) return record;
    await store.authorizationRequests.assign(record.id, record.level, chosen, this.#now());
    this.#options.log.info('authorization offered', { requestId: record.id, level: record.level, to: chosen });
    return (await store.authorizationRequests.get(record.id)) ?? record;
  }

  async #closed(record: AuthorizationRecord, status: FinalStatus): Promise<void> {
    await this.#append(record.sessionId, { type: 'authorization.closed', data: { requestId: record.id, status } });
    this.#options.log.info('authorization closed', { sessionId: record.sessionId, requestId: record.id, status });
    this.#notify(record);
  }

  async #require(requestId: string): Promise<AuthorizationRecord> {
    const record = await this.#options.store.authorizationRequests.get(requestId);
    if (record === undefined) throw new AirError('AUTHZ_NOT_FOUND', 'no such authorization request');
    return record;
  }

  async #requireInSession(sessionId: string, requestId: string): Promise<AuthorizationRecord> {
    const record = await this.#options.store.authorizationRequests.get(requestId);
    if (record === undefined || record.sessionId !== sessionId) {
      throw new AirError('AUTHZ_NOT_FOUND', 'no such authorization request in this session');
    }
    return record;
  }

  /** The request's attachments: each must be an artifact of this session (its kind and media type come from it). */
  async #resolveAttachments(sessionId: string, hashes: readonly string[]): Promise<AttachmentRef[]> {
    if (hashes.length === 0) return [];
    const files = await this.#options.evidence.store.list(sessionId);
    const byHash = new Map<string, AttachmentRef>();
    for (const file of files) {
      const match = ARTIFACT_NAME.exec(file.name);
      const kind = match?.[1];
      const sha256 = match?.[2];
      if (kind === undefined || sha256 === undefined || !isArtifactKind(kind)) continue;
      const mediaType = MEDIA_TYPE_BY_EXTENSION.get(match?.[3] ?? '');
      if (mediaType === undefined) continue;
      byHash.set(sha256, { kind, sha256, mediaType });
    }
    return [...new Set(hashes)].map((sha256) => {
      const attachment = byHash.get(sha256);
      if (attachment === undefined) {
        throw new AirError('AUTHZ_ATTACHMENT_UNKNOWN', `no artifact ${sha256.slice(0, 12)} in this session`);
      }
      return attachment;
    });
  }

  /**
   * Appends to the session's evidence. The store already holds the change
   * (it is the authority); a package that cannot take the entry any more
   * (sealed after the session ended) is reported in the server log, not to
   * the person who acted.
   */
  async #append(sessionId: string, event: AnyEvidenceEvent): Promise<void> {
    try {
      await this.#options.evidence.append(sessionId, event);
    } catch (error: unknown) {
      this.#options.log.error('authorization event not logged', {
        sessionId,
        type: event.type,
        error: errorMessage(error),
      });
    }
  }

  /** Tells the session's agents on this node. */
  #notify(record: AuthorizationRecord): void {
    const room = this.#options.rooms.get(record.sessionId);
    if (room === undefined || room.closed) return;
    const view = toAuthorizationView(record);
    for (const peer of room.peers.values()) if (peer.role === 'agent') peer.notify('authorizationUpdated', view);
  }
}
