import type { Client, Session, Unsubscribe } from '@aircounter/client';
import type { AirErrorDetail } from '../events/air-error.ts';
import { ContextConsumer } from '@lit/context';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController } from 'lit';
import type { AirElement } from './air-element.ts';
import { errorDetail } from './error-detail.ts';
import { sessionContext, type SessionContextValue, type SessionViewState } from './session-context.ts';

/** The properties through which an element is given its session. */
export interface SessionSource {
  /** A joined session; the element then owns it and leaves it when disconnected. */
  session: Session | undefined;
  /** A client to join `sessionId` with. */
  client: Client | undefined;
  sessionId: string | undefined;
  displayName: string | undefined;
}

export type SessionBindingHost = AirElement & SessionSource;

export interface SessionBindingOptions {
  /** Whether to take the session from an enclosing `<air-session>` when none is given directly. */
  readonly fromContext: boolean;
  /** Subscribes the element's own listeners to a newly bound session. */
  readonly subscribe?: (session: Session) => Unsubscribe[];
  /** Called after unbinding (e.g. to clear what the element showed). */
  readonly unbound?: () => void;
}

/**
 * Finds the session an element works with and follows its state:
 * 1. the `session` property (owned: the element leaves it when disconnected);
 * 2. `client` + `session-id` (owned: the element joins, and leaves when disconnected);
 * 3. an enclosing `<air-session>` (shared: that element owns it).
 * The owner announces `air-session-joined`, `air-session-ended` and the
 * session's `air-error`s; elements sharing a session stay quiet about them.
 */
export class SessionBinding implements ReactiveController {
  readonly #host: SessionBindingHost;
  readonly #options: SessionBindingOptions;
  readonly #consumer: ContextConsumer<typeof sessionContext, SessionBindingHost> | undefined;
  #session: Session | undefined;
  #owned = false;
  #subscriptions: Unsubscribe[] = [];
  #joinKey: { client: Client; sessionId: string } | undefined;
  /** Joins with `client` + `session-id`: a newer join or the element leaving aborts the one running. */
  readonly #joining: Task<readonly [Client, string], Session>;
  #error: AirErrorDetail | undefined;

  constructor(host: SessionBindingHost, options: SessionBindingOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.#joining = new Task<readonly [Client, string], Session>(host, {
      autoRun: false,
      task: ([client, sessionId], { signal }) => this.#join(client, sessionId, signal),
      onComplete: (session) => this.#joined(session),
      onError: (error) => {
        const detail = errorDetail(error);
        this.#error = detail;
        host.emit('air-error', detail);
        host.requestUpdate();
      },
    });
    if (options.fromContext) {
      this.#consumer = new ContextConsumer(host, {
        context: sessionContext,
        subscribe: true,
        callback: () => host.requestUpdate(),
      });
    }
  }

  get session(): Session | undefined {
    return this.#session;
  }

  /** Whether this element joined or was handed the session (and so leaves it). */
  get owned(): boolean {
    return this.#owned;
  }

  /** Whether the bound session is in progress: connected, or reconnecting. */
  get live(): boolean {
    const state = this.state;
    return this.#session !== undefined && (state === 'connected' || state === 'reconnecting');
  }

  get state(): SessionViewState {
    if (this.#session) return this.#session.state;
    if (this.#joinKey || this.#error) return this.#joinState();
    return this.#context?.state ?? 'idle';
  }

  get error(): { readonly code: string; readonly message: string } | undefined {
    return this.#error ?? (this.#session ? undefined : this.#context?.error);
  }

  /** `connecting` while joining, `error` when joining (or the session) failed. */
  #joinState(): SessionViewState {
    if (this.#error) return 'error';
    return this.#joining.status === TaskStatus.PENDING ? 'connecting' : 'idle';
  }

  get #context(): SessionContextValue | undefined {
    return this.#consumer?.value;
  }

  hostUpdate(): void {
    const host = this.#host;
    if (host.session) {
      if (host.session !== this.#session) this.#bind(host.session, true);
      return;
    }
    if (host.client && host.sessionId) {
      const key = this.#joinKey;
      if (!key || key.client !== host.client || key.sessionId !== host.sessionId) {
        this.#unbind();
        this.#joinKey = { client: host.client, sessionId: host.sessionId };
        this.#error = undefined;
        void this.#joining.run([host.client, host.sessionId]);
      }
      return;
    }
    const shared = this.#context?.session;
    if (shared !== this.#session || this.#owned) {
      if (shared) this.#bind(shared, false);
      else this.#unbind();
    }
  }

  /**
   * Joins again with the host's `client` and `session-id` (after the user
   * left, or the session was lost): the ended session is let go first.
   * Returns false when the host has no client to join with.
   */
  rejoin(): boolean {
    const host = this.#host;
    if (host.session || !host.client || !host.sessionId) return false;
    this.#joinKey = undefined;
    host.requestUpdate();
    return true;
  }

  hostDisconnected(): void {
    this.#joining.abort();
    this.#joinKey = undefined;
    this.#unbind();
  }

  async #join(client: Client, sessionId: string, signal: AbortSignal): Promise<Session | typeof initialState> {
    const displayName = this.#host.displayName;
    let session: Session;
    try {
      session = await client.join({ sessionId, ...(displayName ? { displayName } : {}) });
    } catch (error) {
      // Nobody waits for this join any more: its failure is nobody's business.
      if (signal.aborted) return initialState;
      throw error;
    }
    if (signal.aborted) {
      // The element went away (or was re-pointed) while joining.
      session.leave().catch(reportError);
      return initialState;
    }
    return session;
  }

  #joined(session: Session): void {
    this.#bind(session, true);
    this.#host.emit('air-session-joined', {
      sessionId: session.sessionId,
      peerId: session.self.peerId,
      role: session.self.role,
    });
    this.#host.requestUpdate();
  }

  #bind(session: Session, owned: boolean): void {
    this.#unbind();
    this.#session = session;
    this.#owned = owned;
    this.#error = undefined;
    const host = this.#host;
    this.#subscriptions = [
      session.on('state', () => host.requestUpdate()),
      session.on('error', (error) => {
        if (!this.#owned) return;
        const detail = errorDetail(error);
        if (!detail.recoverable) this.#error = detail;
        host.emit('air-error', detail);
        host.requestUpdate();
      }),
      session.on('ended', (ended) => {
        if (this.#owned) host.emit('air-session-ended', ended);
        host.requestUpdate();
      }),
      ...(this.#options.subscribe?.(session) ?? []),
    ];
  }

  /** Unsubscribes; an owned session is left and its camera and microphone stopped at once. */
  #unbind(): void {
    for (const unsubscribe of this.#subscriptions) unsubscribe();
    this.#subscriptions = [];
    const session = this.#session;
    const owned = this.#owned;
    this.#session = undefined;
    this.#owned = false;
    if (session && owned) {
      // leave() is asynchronous; the devices go off now, while the element is going.
      for (const track of Object.values(session.localTracks)) track.stop();
      session.leave().catch(reportError);
    }
    if (session) this.#options.unbound?.();
  }
}
