import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SigningConfig } from '../config.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { StillGrabber } from '../media/still.ts';
import type { DocumentRepository } from '../store/documents-repository.ts';
import { certificateDer, signatureAlgorithmFor, type CmsSigningKey } from './cms.ts';
import { SigningService } from './signing-service.ts';

/**
 * The bank's PDF signing certificate and key from the configured PEM files,
 * checked at start-up (a key that is missing, unreadable, of an unsupported
 * type or not the certificate's stops the server with the reason).
 */
export async function loadPdfSigningKey(settings: SigningConfig): Promise<CmsSigningKey | undefined> {
  if (settings.pdfCertificateFile === undefined || settings.pdfKeyFile === undefined) return undefined;
  const certificate = certificateDer(await readFile(settings.pdfCertificateFile));
  const privateKey = createPrivateKey(await readFile(settings.pdfKeyFile));
  signatureAlgorithmFor(privateKey);
  if (!new X509Certificate(certificate).checkPrivateKey(privateKey)) {
    throw new Error('AIR_PDF_SIGNING_KEY_FILE does not belong to AIR_PDF_SIGNING_CERT_FILE');
  }
  return { certificate, privateKey };
}

export async function createSigningService(options: {
  readonly settings: SigningConfig;
  readonly documents: DocumentRepository;
  readonly evidence: EvidenceService;
  readonly stills: Pick<StillGrabber, 'take'>;
  readonly log: Logger;
}): Promise<SigningService> {
  const pdfKey = await loadPdfSigningKey(options.settings);
  if (!pdfKey) options.log.warn('no PDF signing certificate configured: signed PDFs are not made');
  return new SigningService({ ...options, pdfKey });
}
