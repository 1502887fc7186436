// `sousveil evidence pack`: the selected reports' photos, a manifest with every file's SHA-256,
// the reports' fields and decisions and the kb's facts and sources about each maker, signed with
// the Ed25519 key kept beside the database (made on first use, mode 0600).
import { existsSync } from 'node:fs';
import { evidencePack } from '../../reports/index.js';
import {
  evidenceKeyPath,
  loadOrCreateEvidenceKey,
  nodePackCrypto,
} from '../../reports/index-node.js';
import { UserError } from '../../shared/errors.js';
import { zlibZipCodec } from '../../shared/zlib-zip.js';
import type { ReportStatus } from '../../store/index.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { writeOutputFile } from '../fs-io.js';
import { kbOrThrow } from '../kb-context.js';
import { version } from '../main.js';
import { isPostgresUrl } from '../../store/index.js';
import { dbLocation, openStoreForReading } from '../store-context.js';

export const evidencePackCommand = defineCommand({
  path: ['evidence', 'pack'],
  summary: 'write a signed evidence pack (zip) of citizen reports',
  description: `The pack holds the reports' photos as stored (re-encoded, no metadata, faces boxed),
manifest.json (every file's SHA-256, the reports' fields and decisions, what the kb says of each
maker with its sources, the time of export, the sousveil version, the public key) and
manifest.sig, the Ed25519 signature of manifest.json. The key is the file DB.evidence-key.pem
beside the database (or --key FILE; required with a PostgreSQL database), made on first use
(mode 0600). Check a pack with \`sousveil evidence verify\`.`,
  options: {
    ...jsonOption,
    ...dbOption,
    reports: { type: 'string', value: 'ID,…', description: 'these reports, by id' },
    status: {
      type: 'string',
      value: 'STATUS',
      choices: ['accepted', 'new', 'rejected'],
      description: 'every report of this status (default accepted)',
    },
    out: { type: 'string', value: 'PACK.zip', description: 'the zip to write (required)' },
    force: { type: 'boolean', description: 'replace an existing --out file' },
    key: {
      type: 'string',
      value: 'FILE',
      description: 'the Ed25519 key file (default: DB.evidence-key.pem beside the database)',
    },
  },
  run: async ({ flags, io }) => {
    if (flags.out === undefined)
      throw new UserError('evidence pack: --out PACK.zip is required', {
        hint: 'sousveil evidence pack --status accepted --out pack.zip',
      });
    if (flags.reports !== undefined && flags.status !== undefined)
      throw new UserError('evidence pack: give --reports or --status, not both');
    const ids = flags.reports
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids?.length === 0) throw new UserError('evidence pack: --reports names no report');
    const where = dbLocation(flags.db);
    if (isPostgresUrl(where)) {
      if (flags.key === undefined)
        throw new UserError(
          'evidence pack: a PostgreSQL database has no folder for the key: give --key FILE',
        );
    } else if (!existsSync(where)) throw new UserError(`evidence pack: no database at ${where}`);
    const keyPath = flags.key ?? evidenceKeyPath(where);
    const { signer, created } = loadOrCreateEvidenceKey(keyPath);
    if (created) io.stderr.write(`made a new evidence key: ${keyPath} (mode 0600)\n`);
    const kb = await kbOrThrow();
    const store = await openStoreForReading(flags.db);
    try {
      const status: ReportStatus = flags.status ?? 'accepted';
      const pack = await evidencePack(
        store,
        kb,
        ids === undefined ? { status } : { ids },
        { now: io.now?.() ?? new Date().toISOString(), generator: `sousveil ${version()}` },
        { crypto: nodePackCrypto, signer, zip: zlibZipCodec },
      );
      writeOutputFile(flags.out, pack.bytes, flags.force);
      const m = pack.manifest;
      const photos = m.reports.filter((r) => r.photo !== null).length;
      if (flags.json)
        writeJson(io, {
          file: flags.out,
          bytes: pack.bytes.length,
          reports: m.reports.length,
          photos,
          exportedAt: m.exportedAt,
          key: m.key,
        });
      else
        io.stdout.write(
          `${flags.out}: ${m.reports.length} report(s), ${photos} photo(s), ${pack.bytes.length} bytes, exported ${m.exportedAt}\nsigned with Ed25519 key ${m.key.fingerprint}\n${m.key.publicKey}`,
        );
      return 0;
    } finally {
      await store.close();
    }
  },
});
