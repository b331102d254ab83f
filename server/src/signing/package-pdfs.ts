import { createHash } from 'node:crypto';
import { problem, readEvent, type EventEntry, type EvidenceReader, type Problem } from '@aircounter/evidence';
import { checkPdfSignatures } from './pdf-signatures.ts';

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The PDF part of verifying a package (`aircounter verify`), beside the
 * package's own checks: every PDF signature in the package must verify over
 * its byte ranges; every signed document the event log names
 * (`signing.document.signed`) must be there with the SHA-256 the log gives,
 * signed, with its last signature covering the whole file.
 */
export async function checkPackagePdfs(reader: EvidenceReader, events: readonly EventEntry[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const named = new Map<string, string>();
  for (const entry of events) {
    const signed = readEvent(entry, 'signing.document.signed');
    if (signed) named.set(`signed-document-${signed.data.signedSha256}.pdf`, signed.data.signedSha256);
  }
  const files = (await reader.list()).map((file) => file.name).filter((name) => name.endsWith('.pdf'));
  for (const [name] of named) {
    if (!files.includes(name))
      problems.push(problem('FILE_MISSING', `the signed document ${name} is absent`, { file: name }));
  }
  for (const name of files) {
    const bytes = await reader.read(name);
    if (!bytes) continue;
    const expected = named.get(name);
    if (expected !== undefined && sha256Hex(bytes) !== expected) {
      problems.push(
        problem('MEDIA_HASH_MISMATCH', `${name} is not the signed document the event log names`, { file: name }),
      );
      continue;
    }
    const reports = checkPdfSignatures(bytes);
    reports.forEach((report, index) => {
      // Only the last signature of a file can cover it all; earlier ones cover the revision they signed.
      const mustCover = expected !== undefined && index === reports.length - 1;
      const relevant = report.problems.filter(
        (text) => mustCover || text !== 'the signature does not cover the whole document',
      );
      for (const text of relevant) {
        problems.push(problem('PDF_SIGNATURE_INVALID', `signature ${index + 1}: ${text}`, { file: name }));
      }
    });
    if (expected !== undefined && reports.length === 0) {
      problems.push(problem('PDF_SIGNATURE_INVALID', 'the signed document carries no PDF signature', { file: name }));
    }
  }
  return problems;
}
