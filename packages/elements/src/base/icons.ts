import { svg, type SVGTemplateResult } from 'lit';

/**
 * An inline 24×24 line icon drawn in the text colour. Decorative only
 * (`aria-hidden`, not focusable): every control and state that shows one
 * also says it in words. Sized by the `.icon` rule of `baseStyles`.
 */
export function icon(content: SVGTemplateResult): SVGTemplateResult {
  return svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${content}</svg>`;
}

/** A microphone, struck through when muted (used by the call and by the replay of one). */
export function microphoneIcon(muted = false): SVGTemplateResult {
  return icon(
    svg`<rect x="9" y="3" width="6" height="11" rx="3"></rect><path d="M5 11a7 7 0 0 0 14 0M12 18v3"></path>${
      muted ? svg`<path d="M4 4l16 16"></path>` : svg``
    }`,
  );
}
