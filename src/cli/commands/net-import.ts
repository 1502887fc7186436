import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { identifyHost, type HostObservations } from '../../netaudit/index.js';
import {
  detectFormat,
  importFormats,
  parseImport,
  type ImportFormat,
} from '../../netaudit/import/detect.js';
import { UserError } from '../../shared/errors.js';
import { jsonOption, type Command } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { failExitCode, saveRun, writeHosts } from '../scan-output.js';
import { openStoreForWriting } from '../store-context.js';

/** Largest file read; evidence exports beyond this should be split. */
const maxFileBytes = 512 * 1024 * 1024;

export const netImport: Command = {
  path: ['net', 'import'],
  summary:
    'identify equipment from evidence you already have: nmap XML, leases, ARP, DNS logs, CSV, pcap',
  usage: `Usage: sousveil net import <file…> [options]

Formats (detected from content): nmap XML (-oX), dnsmasq and ISC dhcpd lease files, ip neigh /
arp -a exports, Zeek dns.log (TSV or JSON), dnsmasq/Pi-hole query logs, CSV asset inventories,
pcap captures (DNS queries to vendor clouds, MAC addresses, DVRIP discovery replies on UDP
5050, read with the parser net scan uses). Evidence about one address from
several files is merged before identification.

Options:
  --format NAME       skip detection: nmap-xml, dnsmasq-leases, isc-dhcpd-leases, neighbours,
                      zeek-dns, dnsmasq-log, csv-inventory, pcap
  --columns MAP       CSV columns, e.g. address=IP,mac=MAC,maker=Vendor,model=Model
  --fail-on WHAT      exit 3 when covered (default) | any | never is found
  --db FILE           save the import in FILE (default ./sousveil.db); --no-save to skip
  --json | --csv | --html`,
  options: {
    ...jsonOption,
    csv: { type: 'boolean', default: false },
    html: { type: 'boolean', default: false },
    format: { type: 'string' },
    columns: { type: 'string' },
    'fail-on': { type: 'string', default: 'covered' },
    db: { type: 'string' },
    'no-save': { type: 'boolean', default: false },
    'as-of': { type: 'string' },
  },
  run: async ({ positionals, flags, io }) => {
    if (positionals.length === 0)
      throw new UserError(`net import needs a file\n\n${netImport.usage}`);
    const kb = await kbOrThrow();
    const startedAt = new Date().toISOString();
    const merged = new Map<string, HostObservations>();
    for (const file of positionals) {
      const bytes = readBounded(file);
      const format = chooseFormat(flags.format, file, bytes);
      const mapping = typeof flags.columns === 'string' ? parseColumns(flags.columns) : undefined;
      let parsed;
      try {
        parsed = parseImport(format, bytes, mapping ? { mapping } : {});
      } catch (e) {
        throw new UserError(`${file}: ${(e as Error).message}`, { cause: e });
      }
      const { hosts, skipped } = parsed;
      for (const s of skipped.slice(0, 20))
        io.stderr.write(`${file}: ${s.position}: skipped: ${s.reason}\n`);
      if (skipped.length > 20) io.stderr.write(`${file}: ${skipped.length - 20} more skipped\n`);
      for (const h of hosts) {
        const m = merged.get(h.address) ?? { address: h.address, observations: [] };
        m.observations.push(...h.observations);
        merged.set(h.address, m);
      }
      io.stderr.write(`${file}: ${format}, ${hosts.length} host(s)\n`);
    }
    const asOf = typeof flags['as-of'] === 'string' ? flags['as-of'] : io.today();
    const verdicts = [...merged.values()].map((h) => identifyHost(kb, h, asOf));
    const params = { files: positionals };
    let id: number | undefined;
    if (flags['no-save'] !== true) {
      const store = openStoreForWriting(flags.db);
      id = await saveRun(store, 'import', startedAt, params, verdicts);
      await store.close();
    }
    writeHosts(
      io,
      flags,
      { import: { id, kind: 'import', startedAt, ...params } },
      verdicts,
      kb,
      positionals,
    );
    return failExitCode(verdicts, String(flags['fail-on']));
  },
};

function readBounded(file: string): Uint8Array {
  try {
    const size = statSync(file).size;
    if (size > maxFileBytes)
      throw new UserError(
        `${file}: ${size} bytes is over the ${maxFileBytes}-byte limit; split it`,
      );
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read it: ${(e as Error).message}`, { cause: e });
  }
}

function chooseFormat(flag: unknown, file: string, bytes: Uint8Array): ImportFormat {
  if (typeof flag === 'string') {
    const known = importFormats.find((f) => f === flag);
    if (known === undefined)
      throw new UserError(`--format: "${flag}" is not one of ${importFormats.join(', ')}`);
    return known;
  }
  const detected = detectFormat(basename(file), bytes.subarray(0, 64 * 1024));
  if (detected === undefined)
    throw new UserError(
      `${file}: cannot tell the format; pass --format (${importFormats.join(', ')})`,
    );
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
