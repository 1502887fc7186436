import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  firmwareFailOnChoices,
  firmwareFailsOn,
  formatFirmwareHtml,
  formatFirmwareTable,
  toCycloneDx,
  type FirmwareFailOn,
  type FirmwareReport,
} from '../../firmware/index.js';
import { scanFirmwareFile } from '../../firmware/fs-firmware-scan.js';
import { UserError } from '../../shared/errors.js';
import { onFile, writeOutputFile } from '../fs-io.js';
import { dbOption, defineCommand, jsonOption, writeJson, type CliIo } from '../command.js';
import { toFirmwareScan } from '../../firmware/index.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForWriting } from '../store-context.js';

const { version: toolVersion } = createRequire(import.meta.url)('../../../package.json') as {
  version: string;
};

export const firmwareScan = defineCommand({
  path: ['firmware', 'scan'],
  summary:
    'what a Hikvision or Dahua firmware image is, which models it serves, what it holds, what is known wrong with it',
  args: '<file…>',
  description: `Reads each image (Hikvision digicap.dav SWKH/02KH/03KH, Dahua DH-ZIP .bin, U-Boot images, zip,
tar, gzip, xz/lzma, SquashFS, CramFS) within limits on depth, bytes, entries and time, in a private
work folder (SquashFS needs Debian's squashfs-tools, CramFS util-linux's fsck.cramfs; a missing tool
is said in the report). Reports maker and OEM brand (with kb relations), models, version, build date,
the kb advisories that apply (with KEV status), indicators (hard-coded password hashes, telnet at
boot, private keys, vendor clouds) and components by version string. Saved in the store (see
\`firmware history\`) unless --no-save.`,
  options: {
    ...jsonOption,
    ...dbOption,
    html: { type: 'boolean', description: 'one self-contained HTML report on stdout' },
    sbom: {
      type: 'string',
      value: 'FILE',
      description: 'write a CycloneDX 1.5 JSON SBOM (one image: one BOM; several: a JSON list)',
    },
    'fail-on': {
      type: 'string',
      value: 'WHAT',
      choices: firmwareFailOnChoices,
      default: 'affected',
      description:
        'exit 3 when an advisory in KEV (kev), any advisory (affected), that or a high-severity indicator (high) applies, or the maker is covered (covered); never: always 0',
    },
    force: { type: 'boolean', description: 'replace an existing --sbom file' },
    'no-save': { type: 'boolean', description: 'do not save the reports in the store' },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError('firmware scan: name at least one firmware file');
    const failOn: FirmwareFailOn = flags['fail-on'];
    const kb = await kbOrThrow();
    const reports: FirmwareReport[] = [];
    for (const file of positionals) reports.push(await scanOne(file, kb, io));
    if (!flags['no-save']) {
      const store = await openStoreForWriting(flags.db);
      try {
        for (const r of reports) await store.firmware.save(toFirmwareScan(r));
      } finally {
        await store.close();
      }
    }
    if (flags.sbom !== undefined) {
      const boms = reports.map((r) => toCycloneDx(r, toolVersion));
      const text = `${JSON.stringify(boms.length === 1 ? boms[0] : boms, null, 2)}\n`;
      writeOutputFile(flags.sbom, text, flags.force);
    }
    if (flags.json) writeJson(io, { reports });
    else if (flags.html) io.stdout.write(formatFirmwareHtml(reports, kb));
    else for (const r of reports) io.stdout.write(formatFirmwareTable(r));
    return reports.some((r) => firmwareFailsOn(r, failOn)) ? 3 : 0;
  },
});

async function scanOne(
  file: string,
  kb: Awaited<ReturnType<typeof kbOrThrow>>,
  io: CliIo,
): Promise<FirmwareReport> {
  if (onFile(file, () => statSync(file)).isDirectory())
    throw new UserError(`${file}: is a directory, not a firmware file`);
  const state = { shown: false };
  const onProgress = (stage: string): void => {
    state.shown = true;
    io.stderr.write(io.isTty ? `\r${file}: ${stage}\u001b[K` : `${file}: ${stage}\n`);
  };
  try {
    return await scanFirmwareFile(file, kb, new Date(), { onProgress });
  } finally {
    if (state.shown && io.isTty) io.stderr.write('\n');
  }
}
