import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import {
  isValidSessionId,
  jwkThumbprint,
  ACCESS_LOG_FILE,
  VERDICTS,
  verifyAccessLogFiles,
  verdictOf,
  verifyEvidence,
  type Ed25519PublicJwk,
} from '@aircounter/evidence';
import { errorMessage } from '@aircounter/protocol';
import { createDirectoryReader } from '../evidence/directory-reader.ts';
import { listRotatedAccessLogs } from '../evidence/local-worm-store.ts';
import { checkPackagePdfs } from '../signing/package-pdfs.ts';
import { parseArgs, single, UsageError } from './args.ts';
import { EXIT, type CliIo } from './io.ts';
import { loadVerificationKeys } from './public-keys.ts';
import { formatProblem, formatReport } from './report.ts';

const HELP = `aircounter — AirCounter command line

Usage:
  aircounter verify <session-dir | session-id> (--public-key <file> | --keys-url <url>)...
                    [--trust-server-keys] [--session-id <id>] [--evidence-dir <dir>] [--json]
      Verifies an evidence package: manifest.json's stored bytes (canonical
      JSON exactly as signed) and signature, every file's size and SHA-256,
      no file beyond the manifest's, the event log's hash chain up to the
      signed head, that the recording is complete, and every PDF signature
      (a signed document must be the one the event log names, its signature
      valid over the whole file). A session id is looked
      up in --evidence-dir (default: $AIR_EVIDENCE_DIR, else
      $AIR_DATA_DIR/evidence, else ./var/evidence) under sessions/<id>.
      --public-key         pinned key: JWK, JWK set or PEM file (repeatable)
      --keys-url           a server's origin or its /.well-known/aircounter/signing-keys URL;
                           its keys count only with --trust-server-keys
      --trust-server-keys  trust what --keys-url publishes (whoever runs that server
                           decides what it publishes)
      --session-id         the session the package must be (default: the directory name)
      --json               machine-readable report on stdout
      Verdict and exit code: VERIFIED 0, TAMPERED 1, INCOMPLETE 3, UNSEALED 4,
      MISSING_CONTENT 5, EXTRA_FILES 6, UNTRUSTED_KEY 7 (gravest first:
      TAMPERED, UNTRUSTED_KEY, MISSING_CONTENT, EXTRA_FILES, UNSEALED, INCOMPLETE).

  aircounter verify-access-log <access-log-dir | access.jsonl | file> [--log-id <id>] [--json]
      Verifies the hash chain of the auditor API's access log across all its
      files: every rotated access.<seq>.jsonl in order, then access.jsonl, each
      continuing the chain where the one before ended. Any other single file
      is verified alone from the genesis.

  aircounter keygen --out <private.pem> [--public-out <public.jwk>]
      Creates an Ed25519 signing key (PKCS#8 PEM, mode 0600) for
      AIR_SIGNING_KEY_FILE and prints its key id and public JWK.

Exit codes: 0 verified / done, 1 tampered / log has problems, 2 usage or input
error (nothing was checked); verify's other verdicts as listed above.
`;

/** Runs one command; returns the exit code (never calls process.exit). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'verify':
        return await verifyCommand(rest, io);
      case 'verify-access-log':
        return await verifyAccessLogCommand(rest, io);
      case 'keygen':
        return await keygenCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out.write(HELP);
        return command === undefined ? EXIT.USAGE : EXIT.OK;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`aircounter: ${error.message}\n(see: aircounter help)\n`);
      return EXIT.USAGE;
    }
    io.err.write(`aircounter: ${errorMessage(error)}\n`);
    return EXIT.USAGE;
  }
}

async function verifyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    flags: ['json', 'trust-server-keys'],
    options: ['public-key', 'keys-url', 'session-id', 'evidence-dir'],
  });
  const [target, ...extra] = args.positionals;
  if (target === undefined || extra.length > 0) throw new UsageError('verify takes exactly one package');
  const dir = await resolvePackageDir(target, single(args, 'evidence-dir'), io.env);
  const keys = await loadVerificationKeys(args.options.get('public-key') ?? [], args.options.get('keys-url') ?? []);
  const expectedSessionId = single(args, 'session-id');
  const reader = createDirectoryReader(dir, expectedSessionId === undefined ? {} : { expectedSessionId });
  const packageReport = await verifyEvidence(reader, {
    publicKeys: keys.pinned,
    serverPublishedKeys: keys.serverPublished,
    trustServerPublishedKeys: args.flags.has('trust-server-keys'),
  });
  // Signed documents are checked too: their PDF signatures, and that they are the ones the chain names.
  const problems = [...packageReport.problems, ...(await checkPackagePdfs(reader, packageReport.events))];
  const verdict = verdictOf(problems);
  const report = { ...packageReport, problems, verdict, ok: verdict === 'VERIFIED' };
  if (args.flags.has('json')) {
    const { events: _events, ...summary } = report;
    io.out.write(`${JSON.stringify({ package: dir, ...summary, eventCount: report.events.length }, null, 2)}\n`);
  } else {
    io.out.write(formatReport(dir, report));
  }
  return VERDICTS[report.verdict].exitCode;
}

async function resolvePackageDir(target: string, evidenceDir: string | undefined, env: CliIo['env']): Promise<string> {
  if (await isDirectory(target)) return resolve(target);
  if (!isAbsolute(target) && isValidSessionId(target)) {
    const root = evidenceDir ?? env['AIR_EVIDENCE_DIR'] ?? join(env['AIR_DATA_DIR'] ?? './var', 'evidence');
    const dir = resolve(root, 'sessions', target);
    if (await isDirectory(dir)) return dir;
    throw new UsageError(`no package for session ${target} in ${resolve(root)}`);
  }
  throw new UsageError(`${target} is not a directory`);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function verifyAccessLogCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], options: ['log-id'] });
  const [target, ...extra] = args.positionals;
  if (target === undefined || extra.length > 0)
    throw new UsageError('verify-access-log takes exactly one file or directory');
  const files = await accessLogFiles(target);
  const result = await verifyAccessLogFiles(
    files.map((path) => ({ name: basename(path), read: () => readWhole(path) })),
    single(args, 'log-id'),
  );
  if (args.flags.has('json')) {
    io.out.write(
      `${JSON.stringify({ files, ok: result.ok, entries: result.entries, headHash: result.headHash, problems: result.problems }, null, 2)}\n`,
    );
  } else {
    io.out.write(`Access log ${target}: ${result.entries} entries in ${files.length} file(s)\n`);
    io.out.write(result.ok ? 'VERIFIED\n' : `NOT VERIFIED: ${result.problems.length} problem(s)\n`);
    for (const problem of result.problems) io.out.write(`  ${formatProblem(problem)}\n`);
  }
  return result.ok ? EXIT.OK : EXIT.FAILED;
}

/**
 * The files of the chain to verify, oldest first. A directory, or the
 * current `access.jsonl` in one, means the whole chain: every rotated
 * `access.<seq>.jsonl` in name order, then `access.jsonl`. Any other file is
 * verified alone, from the genesis.
 */
async function accessLogFiles(target: string): Promise<string[]> {
  const isDir = await isDirectory(target);
  if (!isDir && !(await isFile(target))) throw new UsageError(`cannot read ${target}: no such file or directory`);
  if (!isDir && basename(target) !== ACCESS_LOG_FILE) return [target];
  const dir = isDir ? target : dirname(target);
  const rotated = (await listRotatedAccessLogs(dir)).map((name) => join(dir, name));
  const current = join(dir, ACCESS_LOG_FILE);
  return (await isFile(current)) ? [...rotated, current] : rotated;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readWhole(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

async function keygenCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { flags: [], options: ['out', 'public-out'] });
  const out = single(args, 'out');
  if (out === undefined || args.positionals.length > 0) throw new UsageError('keygen needs --out <private.pem>');
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Ed25519PublicJwk;
  const kid = await jwkThumbprint(jwk);
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
  await writeNew(out, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  const publicOut = single(args, 'public-out');
  if (publicOut !== undefined) await writeNew(publicOut, `${JSON.stringify(publicJwk, null, 2)}\n`, 0o644);
  io.out.write(`key id: ${kid}\nprivate key: ${resolve(out)} (keep it secret; set AIR_SIGNING_KEY_FILE)\n`);
  io.out.write(`public JWK: ${JSON.stringify(publicJwk)}\n`);
  return EXIT.OK;
}

/** Creates a file that must not exist yet (never overwrites a key). */
async function writeNew(path: string, text: string, mode: number): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'wx', mode);
  } catch (error) {
    throw new UsageError(`cannot create ${path}: ${errorMessage(error)}`);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
