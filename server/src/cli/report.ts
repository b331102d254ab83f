import { VERDICTS, type Problem, type VerificationReport } from '@aircounter/evidence';

/** The human-readable verdict of `aircounter verify`. */
export function formatReport(target: string, report: VerificationReport): string {
  const lines: string[] = [];
  const manifest = report.manifest;
  lines.push(`Evidence package ${target}`);
  lines.push(`  Session    ${report.sessionId ?? '(unknown)'}`);
  lines.push(`  Signature  ${report.signature}${report.keyId ? ` (key ${report.keyId}, ${report.keyTrust})` : ''}`);
  if (manifest) {
    const state = manifest.complete ? 'complete' : `INCOMPLETE: ${manifest.incompleteReason ?? 'no reason given'}`;
    lines.push(`  Recording  ${state}; created ${manifest.createdAt}, finalized ${manifest.finalizedAt}`);
    lines.push(`  Event log  ${report.events.length} entries read, ${manifest.eventLog.entries} signed`);
  } else {
    lines.push(`  Event log  ${report.events.length} entries read (no manifest to compare with)`);
  }
  for (const file of report.files)
    lines.push(`  File       ${file.status === 'ok' ? 'ok  ' : 'FAIL'} ${file.name} (${file.status})`);
  lines.push('');
  const count = report.problems.length;
  lines.push(
    report.ok
      ? 'VERIFIED'
      : `${report.verdict}: ${VERDICTS[report.verdict].summary} (${count} problem${count === 1 ? '' : 's'})`,
  );
  for (const problem of report.problems) lines.push(`  ${formatProblem(problem)}`);
  return `${lines.join('\n')}\n`;
}

export function formatProblem(problem: Problem): string {
  const where = [
    problem.file,
    problem.line === undefined ? undefined : `line ${problem.line}`,
    problem.seq === undefined ? undefined : `seq ${problem.seq}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  const mark = problem.severity === 'error' ? 'ERROR' : 'WARN ';
  return `${mark} ${problem.code}${where ? ` [${where}]` : ''}: ${problem.message}`;
}
