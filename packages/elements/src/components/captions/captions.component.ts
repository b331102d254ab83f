import { LiveCaptions, type LiveCaptionEvent, type LiveCue } from '@aircounter/evidence/replay';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { baseStyles } from '../../base/styles.ts';
import { captionsPreferred, rememberCaptions } from './caption-preference.ts';
import { captionsStyles } from './captions.styles.ts';

/**
 * Live captions for the customer, from text the product already knows: the
 * title and text of the journey step on screen (in the language it is shown
 * in, which is also what the server reads aloud) and the instruction of the
 * current liveness challenge. No speech is recognised: a caption is exactly
 * the text the evidence names, and reads as the replay's caption of the same
 * step (both follow `@aircounter/evidence/replay`'s caption rules).
 *
 * It has no network code. `<air-journey>` and `<air-liveness-check>` fire an
 * `air-caption` event for each text they show; the page hands it over:
 * `document.addEventListener('air-caption', (e) => captions.add(e.detail))`.
 * `captions` is the model (`LiveCaptions`) with the current cue(s) and the
 * history; a page may set its own.
 *
 * Put it under the video, or over it with `placement="over"` (a dark band the
 * page positions at the bottom of the video). It is a labelled region
 * ("Live captions"), not a live region of the page: each new caption is announced
 * once, politely, by a small live region inside it, with the caption's
 * `lang`. The "Captions" switch (on by default) hides the captions and stops
 * the announcements; the choice is remembered on the device (`localStorage`
 * key `air-captions`). `elderly`: caption text at least 20 px, the switch at
 * least 60 px. In forced-colours mode the captions keep a visible boundary.
 *
 * @summary Live captions of what the product shows or reads aloud, with a remembered on/off switch.
 *
 * @event air-captions-toggled - The customer turned captions on or off: `{ on }`.
 *
 * @csspart base - The whole component (the labelled region).
 * @csspart toggle - The "Captions" on/off switch.
 * @csspart toggle-state - "On" or "Off" inside the switch.
 * @csspart cues - The captions on screen (absent while captions are off).
 * @csspart cue - One caption (`data-slot`: `step` or `instruction:<source>`; `lang`).
 * @csspart announcer - The live region announcing each new caption once (visually hidden).
 *
 * @cssproperty --air-captions-cue-color - Caption text colour (falls back to `--air-color-on-stage`).
 * @cssproperty --air-captions-cue-background - Caption background (falls back to `--air-color-stage`; to `--air-color-overlay` over the video).
 * @cssproperty --air-captions-cue-size - Caption text size (1.25 × the text size).
 * @cssproperty --air-captions-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-captions-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-captions-control-size - Minimum switch size (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-captions-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-captions-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirCaptions extends AirElement {
  static override styles = [baseStyles('captions'), captionsStyles];

  static override properties = {
    captions: { attribute: false },
    elderly: { type: Boolean, reflect: true },
    placement: { reflect: true },
  };

  /** The live captions model: current cue(s) and history. */
  declare captions: LiveCaptions;
  /** Larger captions (at least 20 px) and switch (at least 60 px). */
  declare elderly: boolean;
  /** `under` the video (default) or `over` it (a translucent band). */
  declare placement: 'under' | 'over';

  #on = captionsPreferred();
  /** The highest cue id announced (or shown while captions were off): each cue is announced once. */
  #announcedId = 0;
  #announcement: { text: string; lang: string } | undefined;

  constructor() {
    super();
    this.captions = new LiveCaptions();
    this.elderly = false;
    this.placement = 'under';
  }

  /** Whether captions are shown (the customer's switch). */
  get on(): boolean {
    return this.#on;
  }

  /** Takes one `air-caption` detail (a text shown or read aloud now, or its end). */
  add(event: LiveCaptionEvent): void {
    if (this.captions.apply(event)) this.requestUpdate();
  }

  /** Ends every caption on screen (the journey or the session ended). */
  clear(): void {
    if (this.captions.clear()) this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Another element (or tab) may have changed the choice since this one was made.
    this.#on = captionsPreferred();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another model numbers its cues from 1 again.
    if (changed.has('captions')) this.#announcedId = 0;
    const fresh = this.captions.current.filter((cue) => cue.id > this.#announcedId);
    if (fresh.length === 0) return;
    this.#announcedId = Math.max(...fresh.map((cue) => cue.id));
    // While captions are off nothing is read out; turning them on shows, but does not announce, what is current.
    if (!this.#on) return;
    const newest = fresh[fresh.length - 1];
    if (newest) this.#announcement = { text: fresh.map((cue) => cue.text).join('\n'), lang: newest.lang };
  }

  #toggle(): void {
    this.#on = !this.#on;
    rememberCaptions(this.#on);
    this.#announcement = undefined;
    this.requestUpdate();
    this.emit('air-captions-toggled', { on: this.#on });
  }

  #renderCue(cue: LiveCue): TemplateResult {
    return html`<p part="cue" data-slot=${cue.slot} lang=${cue.lang}>${cue.text}</p>`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const cues = this.captions.current;
    const announcement = this.#announcement;
    return html`<section part="base" aria-label=${term('captions.label')} lang=${this.localize.locale}>
      ${this.#on && cues.length > 0 ? html`<div part="cues">${cues.map((cue) => this.#renderCue(cue))}</div>` : nothing}
      <button
        part="toggle"
        type="button"
        role="switch"
        aria-checked=${this.#on ? 'true' : 'false'}
        @click=${() => this.#toggle()}
      >
        ${term('captions.toggle')}
        <span part="toggle-state" aria-hidden="true">${this.#on ? term('captions.on') : term('captions.off')}</span>
      </button>
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        ${announcement ? html`<span lang=${announcement.lang}>${announcement.text}</span>` : nothing}
      </div>
    </section>`;
  }
}
