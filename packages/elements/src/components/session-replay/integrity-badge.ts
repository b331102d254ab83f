import type { Problem, VerificationReport } from '@aircounter/evidence';
import { html, nothing, type TemplateResult } from 'lit';
import { errorDetail } from '../../base/error-detail.ts';
import { integrityIcon } from './icons.ts';
import type { IntegrityState } from './integrity-controller.ts';
import type { Term } from './marker-text.ts';

/** What the badge shows: the integrity check's state and outcome, and the manifest's word on completeness. */
export interface IntegrityBadgeView {
  readonly state: IntegrityState;
  readonly report: VerificationReport | undefined;
  /** Why the check could not run (state `error`). */
  readonly error: unknown;
  /** Set when the manifest says the session ended abnormally: its reason (may be empty). */
  readonly incompleteReason: string | undefined;
}

function problemItem(term: Term, problem: Problem): TemplateResult {
  const where = [
    problem.file === undefined ? undefined : term('sessionReplay.where.file', { file: problem.file }),
    problem.line === undefined ? undefined : term('sessionReplay.where.line', { line: problem.line }),
    problem.seq === undefined ? undefined : term('sessionReplay.where.seq', { seq: problem.seq }),
  ].filter((part): part is string => part !== undefined);
  return html`<li part="problem" data-code=${problem.code} data-severity=${problem.severity}>
    <strong>${term(`sessionReplay.severity.${problem.severity}`)} ${problem.code}:</strong>
    ${term(`sessionReplay.problem.${problem.code}`)}${where.length > 0 ? ` (${where.join(', ')})` : ''}
    <span class="detail" lang="en">${problem.message}</span>
  </li>`;
}

/**
 * The integrity badge of `<air-session-replay>` (parts `integrity`,
 * `integrity-status`, `key-id`, `problems`, `problem`, `notice`): an icon of
 * its own shape per state, the verdict in words in a polite live region, the
 * signing key, and every problem with what, where and the verifier's exact
 * (English) message.
 */
export function integrityBadge(term: Term, view: IntegrityBadgeView): TemplateResult {
  const { state, report } = view;
  const errors = report?.problems.filter((p) => p.severity === 'error') ?? [];
  const warnings = report?.problems.filter((p) => p.severity === 'warning') ?? [];
  let verdict: string;
  if (state === 'error') verdict = term('sessionReplay.integrity.error', { code: errorDetail(view.error).code });
  else if (state === 'failed')
    verdict = `${term('sessionReplay.integrity.failed')}. ${term('sessionReplay.integrity.problemCount', { count: errors.length })}`;
  else verdict = term(`sessionReplay.integrity.${state}`);
  return html`<div part="integrity" data-state=${state}>
    <p part="integrity-status" role="status" aria-live="polite">${integrityIcon(state)}<span>${verdict}</span></p>
    ${
      report?.keyId !== undefined && report.signature === 'valid'
        ? html`<p part="key-id">${term('sessionReplay.integrity.signedBy', { keyId: report.keyId })}</p>`
        : nothing
    }
    ${
      warnings.length > 0 && state === 'verified'
        ? html`<p>${term('sessionReplay.integrity.warningCount', { count: warnings.length })}</p>`
        : nothing
    }
    ${
      report && report.problems.length > 0
        ? html`<ul part="problems" aria-label=${term('sessionReplay.integrity.problems')}>
            ${report.problems.map((problem) => problemItem(term, problem))}
          </ul>`
        : nothing
    }
    ${
      view.incompleteReason !== undefined
        ? html`<p part="notice">${term('sessionReplay.integrity.incomplete', { reason: view.incompleteReason })}</p>`
        : nothing
    }
  </div>`;
}
