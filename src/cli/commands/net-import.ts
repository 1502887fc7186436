import { once } from 'node:events';
import type { Kb } from '../../kb/index.js';
import { identifyStaged, type ImportedRun } from '../../netaudit/import-run.js';
import { importFormats } from '../../netaudit/import/detect.js';
import { stageEvidenceFile } from '../../netaudit/import/fs-evidence.js';
import type { Skipped } from '../../netaudit/import/result.js';
import { ImportStaging } from '../../netaudit/import/sqlite-staging.js';
import {
  identifyStagedInWorker,
  identifyWorkerAvailable,
  workerMinHosts,
} from '../../netaudit/import/worker-import.js';
import { hostReport, type HostTally, type ReportFormat } from '../../netaudit/report/stream.js';
import { UserError } from '../../shared/errors.js';
import { dbOption, defineCommand, jsonOption, type CliIo, type Flags } from '../command.js';
import { failureOf } from '../error-boundary.js';
import { kbOrThrow } from '../kb-context.js';
import { failOnOption, outputOptions } from '../scan-output.js';
import { openStoreForWriting } from '../store-context.js';

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
    const format = flags.format;
    const mapping = flags.columns === undefined ? undefined : parseColumns(flags.columns);
    const kb = await kbOrThrow();
    const startedAt = new Date().toISOString();
    const staging = new ImportStaging();
    try {
      const imported: string[] = [];
      const failed: Array<{ file: string; reason: string; exit: number }> = [];
      for (const [i, file] of positionals.entries()) {
        const options = { ...(format && { format }), ...(mapping && { mapping }) };
        try {
          const r = await stageEvidenceFile(file, i, options, staging);
          reportSkipped(io, file, r.skipped);
          io.stderr.write(`${file}: ${r.format}, ${staging.hostCount(i)} host(s)\n`);
          imported.push(file);
        } catch (e) {
          // One bad file is listed and left out; the others are imported.
          const { message, exit } = failureOf(e);
          io.stderr.write(`sousveil: ${message}\n`);
          failed.push({ file, reason: message, exit });
        }
      }
      if (imported.length === 0) {
        io.stderr.write('net import: nothing imported: no file could be read\n');
        return Math.max(...failed.map((f) => f.exit));
      }
      const asOf = flags['as-of'] ?? io.today();
      const report = reportFormat(flags);
      const params = { files: imported };
      const store = flags['no-save'] ? undefined : await openStoreForWriting(flags.db);
      let done: ImportedRun;
      try {
        const save = store && { store, startedAt, params, now: () => new Date().toISOString() };
        // Large imports identify in a worker thread beside the one that writes.
        done =
          staging.size >= workerMinHosts && identifyWorkerAvailable()
            ? await identifyStagedInWorker(staging, { asOf, format: report }, save)
            : await identifyStaged(kb, staging, { asOf, format: report }, save);
      } finally {
        await store?.close();
      }
      const head = { import: { id: done.id, kind: 'import', startedAt, ...params, failed } };
      await writeReport(io, report, done.tally, staging, { head, kb, targets: imported });
      if (failed.length > 0) {
        io.stderr.write(
          `net import: ${failed.length} of ${positionals.length} file(s) left out: ${failed.map((f) => f.file).join(', ')}\n`,
        );
        return Math.max(...failed.map((f) => f.exit));
      }
      const s = done.tally;
      const failOn = flags['fail-on'];
      return failOn === 'never' ? 0 : (failOn === 'any' ? s.identified : s.covered) > 0 ? 3 : 0;
    } finally {
      staging.close();
    }
  },
});

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
