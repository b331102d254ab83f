// Keeps an <air-signature-witness> in step with what the signing binding
// knows: the element takes strokes, attempts and the attestation as method
// calls (it draws incrementally), the binding keeps them as state. After
// each render the page feeds every witness what it has not seen yet — so a
// witness created late (after a reconnect, a redraw, a language switch)
// catches up, and one fed twice changes nothing.
import type { SignatureCanvas, SignatureStroke } from '@aircounter/client';
import type { SigningDocument } from './signing-binding.ts';

/** What the feed calls on the element (`AirSignatureWitness`). */
export interface WitnessTarget extends Element {
  addStroke(stroke: SignatureStroke, canvas: SignatureCanvas): void;
  clearStrokes(): void;
  submitted(attempt: number, mediaTimeMs: number | null): void;
  attested(attempt: number, signedDocumentSha256: string | null): void;
}

interface Fed {
  strokes: readonly SignatureStroke[];
  attempts: number;
  attested: boolean;
}

const fed = new WeakMap<WitnessTarget, Fed>();

export function feedWitness(witness: WitnessTarget, doc: SigningDocument): void {
  const seen = fed.get(witness) ?? { strokes: [], attempts: 0, attested: false };
  // The binding's list only grows, or starts again when the customer cleared the pad or was asked to redo.
  const continues =
    seen.strokes.length <= doc.liveStrokes.length && seen.strokes.every((stroke, i) => doc.liveStrokes[i] === stroke);
  if (!continues) witness.clearStrokes();
  const canvas = doc.liveCanvas;
  if (canvas)
    for (const stroke of doc.liveStrokes.slice(continues ? seen.strokes.length : 0)) witness.addStroke(stroke, canvas);
  for (const attempt of doc.attempts.slice(seen.attempts)) witness.submitted(attempt.attempt, attempt.mediaTimeMs);
  if (doc.attested && !seen.attested) witness.attested(doc.attested.attempt, doc.attested.signedDocumentSha256);
  fed.set(witness, { strokes: doc.liveStrokes, attempts: doc.attempts.length, attested: doc.attested !== undefined });
}
