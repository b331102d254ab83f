import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never reach a log, an error message or a JSON body by
 * accident: printing, stringifying or inspecting it yields `[redacted]`.
 * Code that needs the value asks for it explicitly with `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
