// Which import format a file is, and one entry point that parses any of them.
import { ParseError } from '../../shared/errors.js';
import { type ColumnMapping, parseCsvInventory } from './csv-inventory.js';
import type { CsvDelimiter } from '../../shared/csv.js';
import { parseDnsmasqLog, parseZeekDns } from './dns-logs.js';
import { parseDhcpdLeases, parseDnsmasqLeases } from './leases.js';
import { parseNeighbours } from './neighbours.js';
import { parseNmapXml } from './nmap-xml.js';
import { parsePcap } from './pcap.js';
import { isPcapng } from './pcapng.js';
import { mergeHosts, type ImportResult } from './result.js';

export const importFormats = [
  'nmap-xml',
  'dnsmasq-leases',
  'isc-dhcpd-leases',
  'neighbours',
  'zeek-dns',
  'dnsmasq-log',
  'csv-inventory',
  'pcap',
] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportOptions {
  /** CSV inventories: which column holds which fact (guessed from the header when absent). */
  mapping?: ColumnMapping;
  delimiter?: CsvDelimiter;
}

/** Most bytes of a file's head that detection looks at. */
export const detectBytes = 64 * 1024;

const pcapMagics = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]);

/** Guesses the format from the first bytes (magic numbers, first lines), then the file name. */
export function detectFormat(fileName: string, firstBytes: Uint8Array): ImportFormat | undefined {
  const head = firstBytes.subarray(0, detectBytes);
  if (head.length >= 4) {
    const magic = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
    if (pcapMagics.has(magic) || isPcapng(head)) return 'pcap';
  }
  return detectText(new TextDecoder().decode(head)) ?? detectByName(fileName.toLowerCase());
}

function detectText(text: string): ImportFormat | undefined {
  if (/<nmaprun[\s>]|<!DOCTYPE nmaprun/.test(text)) return 'nmap-xml';
  if (/^#separator /m.test(text) || /^#fields\t.*\bquery\b/m.test(text)) return 'zeek-dns';
  if (/^\s*\{.*"id\.orig_h".*"query"/m.test(text)) return 'zeek-dns';
  if (/\bquery\[[A-Za-z0-9]+\]\s+\S+\s+from\s+\S+/.test(text)) return 'dnsmasq-log';
  if (
    /^\s*lease\s+[0-9a-fA-F.:]+\s*\{/m.test(text) ||
    /dhcpd\.leases|authoring-byte-order/.test(text)
  )
    return 'isc-dhcpd-leases';
  const firstLine = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('duid ')) ?? '';
  if (/^\d+\s+\S+\s+[0-9a-fA-F.:]+\s+\S+(\s+\S+)?\s*$/.test(firstLine)) return 'dnsmasq-leases';
  // Cut at the last newline: the head may end mid-line.
  const whole = text.includes('\n') ? text.slice(0, text.lastIndexOf('\n')) : text;
  if (parseNeighbours(whole).hosts.length > 0) return 'neighbours';
  return undefined;
}

function detectByName(name: string): ImportFormat | undefined {
  if (/\.(pcap|pcapng|cap)$/.test(name)) return 'pcap';
  if (name.endsWith('.xml')) return 'nmap-xml';
  if (/\.(csv|tsv)$/.test(name)) return 'csv-inventory';
  if (name.endsWith('dhcpd.leases')) return 'isc-dhcpd-leases';
  if (name.endsWith('.leases')) return 'dnsmasq-leases';
  if (/dns\.log$/.test(name)) return 'zeek-dns';
  return undefined;
}

/** Parses one file of a known format, merging observations of the same address. */
export function parseImport(
  format: ImportFormat,
  input: Uint8Array | string,
  options: ImportOptions = {},
): ImportResult {
  let result: ImportResult;
  if (format === 'pcap') {
    if (typeof input === 'string') throw new ParseError('pcap', 'a capture must be read as bytes');
    result = parsePcap(input);
  } else {
    result = parseText(
      format,
      typeof input === 'string' ? input : new TextDecoder().decode(input),
      options,
    );
  }
  return { hosts: mergeHosts(result.hosts), skipped: result.skipped };
}

function parseText(
  format: Exclude<ImportFormat, 'pcap'>,
  text: string,
  options: ImportOptions,
): ImportResult {
  switch (format) {
    case 'nmap-xml':
      return parseNmapXml(text);
    case 'dnsmasq-leases':
      return parseDnsmasqLeases(text);
    case 'isc-dhcpd-leases':
      return parseDhcpdLeases(text);
    case 'neighbours':
      return parseNeighbours(text);
    case 'zeek-dns':
      return parseZeekDns(text);
    case 'dnsmasq-log':
      return parseDnsmasqLog(text);
    case 'csv-inventory': {
      const { hosts, skipped } = parseCsvInventory(text, {
        ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
        ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      });
      return { hosts, skipped };
    }
  }
}
