import type { AuthorizationView, DeskClient } from '@aircounter/client';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterStatusChange } from '../../base/task.ts';

/** An opened request with the object URLs of its image attachments (by SHA-256). */
export interface OpenedCase {
  readonly view: AuthorizationView;
  readonly images: ReadonlyMap<string, string>;
}

export interface DeskCaseOptions {
  readonly opened: (opened: OpenedCase) => void;
  readonly failed: (error: unknown) => void;
}

const isImage = (mediaType: string): boolean => mediaType.startsWith('image/');

/**
 * Loads one request for the desk's case view: `desk.open(id)`, then the
 * bytes of each image attachment as an object URL. Owns those URLs: they are
 * revoked when the case is closed, another one opens or the element leaves
 * the page (an attachment holds a person's face: it is not left in memory).
 */
export class DeskCase implements ReactiveController {
  readonly #task: Task<readonly [DeskClient, string], OpenedCase>;
  readonly #urls = new Set<string>();

  constructor(host: ReactiveControllerHost, options: DeskCaseOptions) {
    host.addController(this);
    this.#task = new Task<readonly [DeskClient, string], OpenedCase>(host, {
      autoRun: false,
      task: ([desk, requestId], { signal }) => this.#load(desk, requestId, signal),
      onComplete: afterStatusChange((opened: OpenedCase) => options.opened(opened)),
      onError: afterStatusChange((error: unknown) => options.failed(error)),
    });
  }

  get loading(): boolean {
    return this.#task.status === TaskStatus.PENDING;
  }

  hostDisconnected(): void {
    this.close();
  }

  open(desk: DeskClient, requestId: string): void {
    this.close();
    void this.#task.run([desk, requestId]);
  }

  /** Stops a load in flight and revokes every object URL. */
  close(): void {
    this.#task.abort();
    for (const url of this.#urls) URL.revokeObjectURL(url);
    this.#urls.clear();
  }

  async #load(desk: DeskClient, requestId: string, signal: AbortSignal): Promise<OpenedCase | typeof initialState> {
    const created: string[] = [];
    try {
      const view = await desk.open(requestId, signal);
      const images = new Map<string, string>();
      for (const attachment of view.attachments.filter((item) => isImage(item.mediaType))) {
        try {
          const url = URL.createObjectURL(await desk.attachment(requestId, attachment.sha256, signal));
          created.push(url);
          images.set(attachment.sha256, url);
        } catch (error: unknown) {
          // One unreadable attachment does not hide the request: it is listed without its picture.
          if (signal.aborted) throw error;
        }
      }
      signal.throwIfAborted();
      for (const url of created) this.#urls.add(url);
      return { view, images };
    } catch (error: unknown) {
      for (const url of created) URL.revokeObjectURL(url);
      if (signal.aborted) return initialState;
      throw error;
    }
  }
}
