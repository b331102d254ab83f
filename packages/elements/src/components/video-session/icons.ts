import type { ConnectionQuality } from '@aircounter/client';
import { svg, type SVGTemplateResult } from 'lit';
import { icon } from '../../base/icons.ts';

export const cameraIcon = (muted: boolean): SVGTemplateResult =>
  icon(
    svg`<rect x="3" y="7" width="13" height="10" rx="2"></rect><path d="M16 11l5-3v8l-5-3"></path>${
      muted ? svg`<path d="M3 4l18 16"></path>` : svg``
    }`,
  );

export const hangUpIcon = (): SVGTemplateResult =>
  icon(svg`<path d="M3 15c5-5 13-5 18 0l-2 3-4-1v-3a9 9 0 0 0-6 0v3l-4 1z"></path>`);

const BARS: Readonly<Record<ConnectionQuality | 'unknown', number>> = {
  good: 3,
  fair: 2,
  poor: 1,
  lost: 0,
  unknown: 0,
};

/** Signal bars: the number filled carries the level, the text next to it says it. */
export const qualityIcon = (quality: ConnectionQuality | 'unknown'): SVGTemplateResult => {
  const filled = BARS[quality];
  return icon(
    svg`${[0, 1, 2].map(
      (i) =>
        svg`<rect x=${4 + i * 6} y=${16 - i * 5} width="4" height=${5 + i * 5} rx="1" fill=${
          i < filled ? 'currentColor' : 'none'
        } stroke-width="1.5"></rect>`,
    )}${quality === 'lost' ? svg`<path d="M3 3l18 18"></path>` : svg``}`,
  );
};
