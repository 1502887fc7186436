// nmap -oX output -> host observations. The MAC `vendor` attribute is nmap's own OUI lookup, not
// evidence, so it is ignored: the kb matches the MAC itself.
import { ParseError } from '../../shared/errors.js';
import type { Observation } from '../observation.js';
import { normalizeIp, normalizeMac } from './address.js';
import { HostTable, SkipList, type ImportResult } from './result.js';
import { child, childrenNamed, findAll, parseXml, type XmlElement } from './xml.js';

const source = 'nmap-xml';
/** Longest banner kept from one script output or fingerprint line. */
export const maxBannerChars = 1024;

/** Parses nmap XML output: addresses, MAC, hostnames, open ports and what -sV and scripts saw. */
export function parseNmapXml(text: string): ImportResult {
  const root = parseXml(text, { source });
  if (root.name !== 'nmaprun') {
    throw new ParseError(source, `not nmap XML output (root element is <${root.name}>)`, 'line 1');
  }
  const table = new HostTable();
  const skipped = new SkipList();
  findAll(root, 'host').forEach((host, index) => {
    if (child(host, 'status')?.attrs.state === 'down') return;
    const address = hostAddress(host);
    if (address === undefined) {
      skipped.add(`host ${index + 1}`, 'no IPv4 or IPv6 address');
      return;
    }
    const observations = hostObservations(host);
    // With -Pn every target is "up" by fiat (reason user-set); one with nothing open, no MAC and
    // no name says nothing about a device, so it is left out rather than listed as a host.
    if (observations.length === 0 && child(host, 'status')?.attrs.reason === 'user-set') return;
    table.add(address, ...observations);
  });
  return { hosts: table.toArray(), skipped: skipped.toArray() };
}

function hostAddress(host: XmlElement): string | undefined {
  const addresses = childrenNamed(host, 'address');
  for (const type of ['ipv4', 'ipv6']) {
    const found = addresses.find((a) => a.attrs.addrtype === type);
    const ip = normalizeIp(found?.attrs.addr ?? '');
    if (ip !== undefined) return ip;
  }
  return undefined;
}

function hostObservations(host: XmlElement): Observation[] {
  const out: Observation[] = [];
  for (const a of childrenNamed(host, 'address')) {
    const mac = a.attrs.addrtype === 'mac' ? normalizeMac(a.attrs.addr ?? '') : undefined;
    if (mac !== undefined) out.push({ kind: 'mac', source, mac });
  }
  for (const names of childrenNamed(host, 'hostnames')) {
    for (const h of childrenNamed(names, 'hostname')) {
      const name = h.attrs.name?.trim();
      if (name !== undefined && name !== '' && name.length <= 253)
        out.push({ kind: 'hostname', source, name });
    }
  }
  for (const ports of childrenNamed(host, 'ports')) {
    for (const p of childrenNamed(ports, 'port')) out.push(...portObservations(p));
  }
  return out;
}

function portObservations(p: XmlElement): Observation[] {
  const protocol = p.attrs.protocol;
  const port = Number(p.attrs.portid);
  if (protocol !== 'tcp' && protocol !== 'udp') return [];
  if (!Number.isInteger(port) || port < 1 || port > 65535) return [];
  if (child(p, 'state')?.attrs.state !== 'open') return [];
  const out: Observation[] = [{ kind: 'open-port', source, port, protocol }];
  const svc = child(p, 'service');
  const name = serviceName(svc);
  const at: { source: string; port: number; protocol: 'tcp' | 'udp'; name?: string } = {
    source,
    port,
    protocol,
    ...(name === undefined ? {} : { name }),
  };
  if (svc !== undefined) {
    const product = clip(svc.attrs.product);
    const version = clip(svc.attrs.version);
    const banner = clip(svc.attrs.extrainfo);
    if (
      product !== undefined ||
      version !== undefined ||
      banner !== undefined ||
      name !== undefined
    ) {
      out.push({
        kind: 'service',
        ...at,
        ...(product === undefined ? {} : { product }),
        ...(version === undefined ? {} : { version }),
        ...(banner === undefined ? {} : { banner }),
      });
    }
    for (const line of fingerprintHeaders(svc.attrs.servicefp ?? ''))
      out.push({ kind: 'service', ...at, banner: line });
  }
  for (const script of childrenNamed(p, 'script')) {
    for (const banner of scriptBanners(script)) out.push({ kind: 'service', ...at, banner });
  }
  return out;
}

function serviceName(svc: XmlElement | undefined): string | undefined {
  const name = clip(svc?.attrs.name);
  if (name === undefined) return undefined;
  const tunnel = clip(svc?.attrs.tunnel);
  return tunnel === undefined ? name : `${tunnel}/${name}`;
}

function scriptBanners(script: XmlElement): string[] {
  const output = script.attrs.output ?? '';
  if (script.attrs.id === 'http-server-header') {
    // The script prints the Server header value(s), one per line; keep them as header lines so
    // the kb's http-server patterns see them like a probe's reply.
    return output
      .split('\n')
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .slice(0, 16)
      .map((v) => clip(`Server: ${v}`) ?? '');
  }
  const text = clip(output);
  return text === undefined ? [] : [text];
}

/**
 * The Server and WWW-Authenticate lines of the replies in an nmap service fingerprint
 * (`SF:...%r(GetRequest,1A3,"HTTP/1\.1\x20200\x20OK\r\nServer:\x20App-webs/\r\n...")`).
 */
export function fingerprintHeaders(servicefp: string): string[] {
  const joined = servicefp.replaceAll(/\r?\nSF:/g, '');
  const out = new Set<string>();
  for (const m of joined.matchAll(/%r\([^,()]{1,40},[0-9A-Fa-f]{1,8},"((?:[^"\\]|\\.)*)"\)/g)) {
    for (const line of unescapeFingerprint(m[1] ?? '').split(/\r?\n/)) {
      if (/^(server|www-authenticate)\s*:/i.test(line)) out.add(clip(line.trim()) ?? '');
      if (out.size >= 16) return [...out];
    }
  }
  return [...out].filter((l) => l !== '');
}

function unescapeFingerprint(s: string): string {
  const named: Record<string, string> = { r: '\r', n: '\n', t: '\t', '0': '\0' };
  return s.replaceAll(/\\(x[0-9a-fA-F]{2}|.)/g, (_all, e: string) =>
    e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (named[e] ?? e),
  );
}

function clip(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v.slice(0, maxBannerChars);
}
