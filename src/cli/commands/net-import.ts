import { once } from 'node:events';
import type { Kb } from '../../kb/index.js';
import { identifyStaged, type ImportedRun } from '../../netaudit/import-run.js';
import { importFormats, type ImportFormat } from '../../netaudit/import/detect.js';
import { stageEvidenceFile } from '../../netaudit/import/fs-evidence.js';
import type { Skipped } from '../../netaudit/import/result.js';
import { ImportStaging } from '../../netaudit/import/sqlite-staging.js';
import { hostReport, type HostTally, type ReportFormat } from '../../netaudit/report/stream.js';
import { UserError } from '../../shared/errors.js';
import { jsonOption, type CliIo, type Command, type Flags } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { openStoreForWriting } from '../store-context.js';

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
    const failOn = failOnOf(flags['fail-on']);
    const format = formatOf(flags.format);
    const mapping = typeof flags.columns === 'string' ? parseColumns(flags.columns) : undefined;
    const kb = await kbOrThrow();
    const startedAt = new Date().toISOString();
    const staging = new ImportStaging();
    try {
      for (const [i, file] of positionals.entries()) {
        const options = { ...(format && { format }), ...(mapping && { mapping }) };
        const r = await stageEvidenceFile(file, i, options, staging);
        reportSkipped(io, file, r.skipped);
        io.stderr.write(`${file}: ${r.format}, ${staging.hostCount(i)} host(s)\n`);
      }
      const asOf = typeof flags['as-of'] === 'string' ? flags['as-of'] : io.today();
      const report = reportFormat(flags);
      const params = { files: positionals };
      const store = flags['no-save'] === true ? undefined : openStoreForWriting(flags.db);
      let imported: ImportedRun;
      try {
        const save = store && { store, startedAt, params, now: () => new Date().toISOString() };
        imported = await identifyStaged(kb, staging, { asOf, format: report }, save);
      } finally {
        await store?.close();
      }
      const head = { import: { id: imported.id, kind: 'import', startedAt, ...params } };
      const meta = { head, kb, targets: positionals };
      await writeReport(io, report, imported.tally, staging, meta);
      const s = imported.tally;
      return failOn === 'never' ? 0 : (failOn === 'any' ? s.identified : s.covered) > 0 ? 3 : 0;
    } finally {
      staging.close();
    }
  },
};

function failOnOf(flag: unknown): 'covered' | 'any' | 'never' {
  const v = String(flag);
  if (v === 'covered' || v === 'any' || v === 'never') return v;
  throw new UserError(`--fail-on: "${v}" is not one of covered, any, never`);
}

function formatOf(flag: unknown): ImportFormat | undefined {
  if (typeof flag !== 'string') return undefined;
  const known = importFormats.find((f) => f === flag);
  if (known === undefined)
    throw new UserError(`--format: "${flag}" is not one of ${importFormats.join(', ')}`);
  return known;
}

function reportSkipped(io: CliIo, file: string, skipped: readonly Skipped[]): void {
  for (const s of skipped.slice(0, 20))
    io.stderr.write(`${file}: ${s.position}: skipped: ${s.reason}\n`);
  if (skipped.length > 20) io.stderr.write(`${file}: ${skipped.length - 20} more skipped\n`);
}

function reportFormat(flags: Flags): ReportFormat {
  if (flags.json === true) return 'json';
  if (flags.csv === true) return 'csv';
  return flags.html === true ? 'html' : 'table';
}

/** Writes the report host by host, waiting whenever stdout is full. */
async function writeReport(
  io: CliIo,
  format: ReportFormat,
  tally: HostTally,
  staging: ImportStaging,
  options: { head: Record<string, unknown>; kb: Kb; targets: readonly string[] },
): Promise<void> {
  const pieces = {
    made: () => staging.pieces('made'),
    sorted: () => staging.pieces('sorted'),
    notes: () => staging.pieces('notes'),
  };
  const meta = {
    title: 'sousveil network audit',
    generatedAt: new Date().toISOString(),
    targets: options.targets,
    sources: options.kb.sources,
  };
  await writeAll(io.stdout, hostReport(format, tally, pieces, { head: options.head, meta }));
  if (format === 'table')
    io.stderr.write(
      `${tally.hosts} host(s) answered, ${tally.identified} identified, ${tally.covered} covered, ${tally.vulnerable} with known-exploited firmware\n`,
    );
}

/** Writes pieces of text in blocks of about 64 KiB, waiting for `drain` when the stream is full. */
async function writeAll(out: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  let block = '';
  for (const piece of pieces) {
    block += piece;
    if (block.length < 64 * 1024) continue;
    if (!out.write(block)) await once(out, 'drain');
    block = '';
  }
  if (block !== '' && !out.write(block)) await once(out, 'drain');
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
