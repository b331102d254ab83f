import { accessLogGenesis, DEFAULT_ACCESS_LOG_ID, type AccessEntry, type AccessRecord } from '@aircounter/evidence';
import { ChainedLogWriter } from './chained-log.ts';
import type { AppendTarget } from './store.ts';

/**
 * Who read which evidence, when, with what result: every request to the
 * auditor API, granted or refused, appended to a hash-chained log (the same
 * chain writer as the event logs; verify it with `aircounter verify-access-log`).
 */
export class AccessLog {
  readonly #writer: ChainedLogWriter<AccessEntry>;
  readonly #now: () => number;

  constructor(target: AppendTarget, options: { logId?: string; now?: () => number } = {}) {
    const logId = options.logId ?? DEFAULT_ACCESS_LOG_ID;
    this.#now = options.now ?? Date.now;
    this.#writer = new ChainedLogWriter<AccessEntry>({ target, genesis: () => accessLogGenesis(logId) });
  }

  record(record: AccessRecord): Promise<AccessEntry> {
    return this.#writer.append({
      time: new Date(this.#now()).toISOString(),
      type: 'evidence.access',
      data: { ...record },
    });
  }
}
