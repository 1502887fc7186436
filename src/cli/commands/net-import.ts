import { basename } from 'node:path';
import { identifyHost, type HostObservations } from '../../netaudit/index.js';
import {
  detectFormat,
  importFormats,
  parseImport,
  type ImportFormat,
} from '../../netaudit/import/detect.js';
import { SousveilError, UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, type CliIo } from '../command.js';
import { failureOf } from '../error-boundary.js';
import { readInputFile } from '../fs-io.js';
import { kbOrThrow } from '../kb-context.js';
import { failExitCode, failOnOption, outputOptions, saveRun, writeHosts } from '../scan-output.js';
import { openStore } from '../store-context.js';

/** Largest file read; evidence exports beyond this should be split. */
const maxFileBytes = 512 * 1024 * 1024;

export const netImport = defineCommand({
  path: ['net', 'import'],
  summary:
    'identify equipment from evidence you already have: nmap XML, leases, ARP, DNS logs, CSV, pcap',
  args: '<file…>',
  description: `Formats (detected from content): nmap XML (-oX), dnsmasq and ISC dhcpd lease files, ip neigh /
arp -a exports, Zeek dns.log (TSV or JSON), dnsmasq/Pi-hole query logs, CSV asset inventories,
pcap captures (DNS queries to vendor clouds, MAC addresses, DVRIP discovery replies on UDP
5050, read with the parser net scan uses). Evidence about one address from several files is
merged before identification. A file that cannot be read or parsed is listed and left out;
the others are imported, and the exit code is 1.`,
  options: {
    ...jsonOption,
    ...outputOptions,
    format: {
      type: 'string',
      value: 'NAME',
      choices: importFormats,
      description: 'skip detection',
    },
    columns: {
      type: 'string',
      value: 'MAP',
      description: 'CSV columns, e.g. address=IP,mac=MAC,maker=Vendor,model=Model',
    },
    ...failOnOption,
    ...dbOption,
    'no-save': { type: 'boolean', description: 'do not save the import in the store' },
    'as-of': {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: 'the day restrictions are judged on (default today)',
    },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError('net import: no file given', {
        hint: 'sousveil net import scan.xml dhcpd.leases (nmap XML, leases, ARP, DNS logs, CSV, pcap)',
      });
    const mapping = flags.columns === undefined ? undefined : parseColumns(flags.columns);
    const kb = await kbOrThrow();
    const startedAt = new Date().toISOString();
    const { merged, imported, failed } = readAll(io, positionals, flags.format, mapping);
    if (imported.length === 0) {
      io.stderr.write(`net import: nothing imported: no file could be read\n`);
      return Math.max(...failed.map((f) => f.exit));
    }
    const asOf = flags['as-of'] ?? io.today();
    const verdicts = [...merged.values()].map((h) => identifyHost(kb, h, asOf));
    const params = { files: imported };
    let id: number | undefined;
    if (!flags['no-save']) {
      const store = openStore(flags.db);
      try {
        id = await saveRun(store, 'import', startedAt, params, verdicts);
      } finally {
        await store.close();
      }
    }
    const run = { import: { id, kind: 'import', startedAt, ...params, failed } };
    writeHosts(io, flags, run, verdicts, kb, imported);
    if (failed.length === 0) return failExitCode(verdicts, flags['fail-on']);
    io.stderr.write(
      `net import: ${failed.length} of ${positionals.length} file(s) left out: ${failed.map((f) => f.file).join(', ')}\n`,
    );
    return Math.max(...failed.map((f) => f.exit));
  },
});

interface FailedFile {
  file: string;
  reason: string;
  exit: number;
}

/** Reads every file; one that cannot be read or parsed is reported and the rest kept. */
function readAll(
  io: CliIo,
  files: readonly string[],
  format: ImportFormat | undefined,
  mapping: Record<string, string> | undefined,
): { merged: Map<string, HostObservations>; imported: string[]; failed: FailedFile[] } {
  const merged = new Map<string, HostObservations>();
  const imported: string[] = [];
  const failed: FailedFile[] = [];
  for (const file of files) {
    let parsed;
    try {
      parsed = readOne(io, file, format, mapping);
    } catch (e) {
      const { message, exit } = failureOf(e);
      io.stderr.write(`sousveil: ${message}\n`);
      failed.push({ file, reason: message, exit });
      continue;
    }
    imported.push(file);
    for (const h of parsed) {
      const m = merged.get(h.address) ?? { address: h.address, observations: [] };
      for (const o of h.observations) m.observations.push(o);
      merged.set(h.address, m);
    }
  }
  return { merged, imported, failed };
}

function readOne(
  io: CliIo,
  file: string,
  flag: ImportFormat | undefined,
  mapping: Record<string, string> | undefined,
): HostObservations[] {
  const bytes = new Uint8Array(readInputFile(file, maxFileBytes));
  const format = flag ?? detect(file, bytes);
  let parsed;
  try {
    parsed = parseImport(format, bytes, mapping ? { mapping } : {});
  } catch (e) {
    throw e instanceof SousveilError && e.message.startsWith(file)
      ? e
      : new UserError(`${file}: ${(e as Error).message}`, { cause: e });
  }
  const { hosts, skipped } = parsed;
  for (const s of skipped.slice(0, 20))
    io.stderr.write(`${file}: ${s.position}: skipped: ${s.reason}\n`);
  if (skipped.length > 20) io.stderr.write(`${file}: ${skipped.length - 20} more skipped\n`);
  io.stderr.write(`${file}: ${format}, ${hosts.length} host(s)\n`);
  return hosts;
}

function detect(file: string, bytes: Uint8Array): ImportFormat {
  const detected = detectFormat(basename(file), bytes.subarray(0, 64 * 1024));
  if (detected === undefined)
    throw new UserError(`${file}: cannot tell the format`, {
      hint: `pass --format (${importFormats.join(', ')})`,
    });
  return detected;
}

function parseColumns(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  const fields = ['address', 'mac', 'hostname', 'maker', 'model', 'firmware'];
  for (const pair of spec.split(',')) {
    const [k, v] = pair.split('=').map((x) => x.trim());
    if (!k || !v) throw new UserError(`--columns: "${pair}" is not field=Column`);
    if (!fields.includes(k))
      throw new UserError(`--columns: "${k}" is not one of ${fields.join(', ')}`);
    out[k] = v;
  }
  return out;
}
