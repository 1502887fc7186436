// `sousveil evidence verify`: the signature over the manifest and every file's hash. Exit 0 when
// the pack is whole; 1 with one line naming the file that is not.
import { zlibInflate } from '../../appaudit/zlib-inflate.js';
import { verifyEvidencePack } from '../../reports/index.js';
import { evidencePublicKey, nodePackCrypto } from '../../reports/index-node.js';
import { UserError } from '../../shared/errors.js';
import { defineCommand, jsonOption, writeJson } from '../command.js';
import { readInputFile } from '../fs-io.js';

const maxPackBytes = 2 * 1024 ** 3;

export const evidenceVerifyCommand = defineCommand({
  path: ['evidence', 'verify'],
  summary: "check an evidence pack's signature and every file's SHA-256",
  args: '<PACK.zip>',
  description: `Checks the Ed25519 signature over manifest.json, then each file's size and SHA-256, and
that the pack holds no file the manifest does not list. Without --key the signature is checked
with the key the pack carries, which shows the pack is whole but not who signed it: pass the
signer's public key (PEM, as \`evidence pack\` prints it) to check that too.`,
  options: {
    ...jsonOption,
    key: { type: 'string', value: 'PUBKEY', description: "the signer's public key (PEM file)" },
  },
  run: async ({ positionals, flags, io }) => {
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0)
      throw new UserError('evidence verify: give one pack', {
        hint: 'sousveil evidence verify PACK.zip [--key PUBKEY]',
      });
    const keyPem =
      flags.key === undefined ? undefined : readInputFile(flags.key, 64 * 1024).toString('utf8');
    if (keyPem !== undefined && flags.key !== undefined) evidencePublicKey(keyPem, flags.key);
    const bytes = readInputFile(file, maxPackBytes);
    const check = verifyEvidencePack(
      bytes,
      file,
      { crypto: nodePackCrypto, inflate: zlibInflate },
      keyPem,
    );
    if (flags.json) writeJson(io, check);
    if (!check.ok) {
      io.stderr.write(`${file}: not valid: ${check.file}: ${check.reason}\n`);
      return 1;
    }
    if (!flags.json) {
      const by = check.trustedKey
        ? 'the key given'
        : "the pack's own key (pass --key to check who signed it)";
      io.stdout.write(
        `signature: manifest.json signed by ${check.fingerprint}, ${by}\n` +
          check.files.map((f) => `sha256 ok  ${f.sha256}  ${f.bytes} bytes  ${f.name}\n`).join('') +
          `${file}: valid: ${check.files.length} file(s), ${check.reports} report(s), exported ${check.exportedAt} by ${check.generator}\n`,
      );
    }
    return 0;
  },
});
