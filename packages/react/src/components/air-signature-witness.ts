import '@aircounter/elements/define/air-signature-witness.js';
import { AirSignatureWitness as AirSignatureWitnessElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-signature-witness>` as a React component (see docs/components/air-signature-witness.md). */
export const AirSignatureWitness = /* @__PURE__ */ wrap('air-signature-witness', AirSignatureWitnessElement);
