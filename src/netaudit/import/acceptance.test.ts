// The three acceptance fixtures of the import issue, through the real kb: each must name its maker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKb } from '../../kb/index.js';
import { identifyHost } from '../fuse.js';
import { parseImport, type ImportFormat } from './detect.js';

const { kb } = await loadKb();
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

describe('import acceptance fixtures', () => {
  it.each<[string, ImportFormat, string, string]>([
    ['nmap-hikvision.xml', 'nmap-xml', '192.0.2.64', 'hikvision'],
    ['dnsmasq.leases', 'dnsmasq-leases', '192.0.2.64', 'hikvision'],
    ['dnsmasq.leases', 'dnsmasq-leases', '192.0.2.108', 'dahua'],
    ['zeek-dns.log', 'zeek-dns', '192.0.2.64', 'hikvision'],
  ])('%s: %s names %s as %s', (file, format, address, maker) => {
    const { hosts, skipped } = parseImport(format, fixture(file));
    expect(skipped).toEqual([]);
    const host = hosts.find((h) => h.address === address);
    expect(host).toBeDefined();
    expect(identifyHost(kb, host!, '2026-11-28').maker).toBe(maker);
  });
});
