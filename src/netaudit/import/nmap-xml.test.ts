import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { fingerprintHeaders, parseNmapXml } from './nmap-xml.js';

const fixture = readFileSync(new URL('fixtures/nmap-hikvision.xml', import.meta.url), 'utf8');

describe('parseNmapXml', () => {
  const { hosts, skipped } = parseNmapXml(fixture);

  it('keeps up hosts with an IP address, IPv6 in normal form', () => {
    expect(hosts.map((h) => h.address)).toEqual(['192.0.2.64', '2001:db8::10']);
    expect(skipped).toEqual([]);
  });

  it('leaves out -Pn hosts (up by user-set) with nothing open, keeps pinged ones', () => {
    const xml = `<nmaprun>
<host><status state="up" reason="user-set"/><address addr="127.0.0.5" addrtype="ipv4"/><ports><port protocol="tcp" portid="80"><state state="closed"/></port></ports></host>
<host><status state="up" reason="user-set"/><address addr="127.0.0.6" addrtype="ipv4"/><ports><port protocol="tcp" portid="80"><state state="open"/></port></ports></host>
<host><status state="up" reason="echo-reply"/><address addr="127.0.0.7" addrtype="ipv4"/></host>
</nmaprun>`;
    expect(parseNmapXml(xml).hosts.map((h) => h.address)).toEqual(['127.0.0.6', '127.0.0.7']);
  });

  it('reads the MAC (not nmap vendor guess), hostname and open ports only', () => {
    const obs = hosts[0]!.observations;
    expect(obs).toContainEqual({ kind: 'mac', source: 'nmap-xml', mac: '44:19:b6:01:02:03' });
    expect(obs).toContainEqual({
      kind: 'hostname',
      source: 'nmap-xml',
      name: 'cam-entrance.example.net',
    });
    const ports = obs.flatMap((o) => (o.kind === 'open-port' ? [o.port] : []));
    expect(ports).toEqual([80, 554, 8000, 443]);
    expect(JSON.stringify(obs)).not.toContain('Hangzhou');
  });

  it('turns -sV, scripts and service fingerprints into service observations', () => {
    const services = hosts[0]!.observations.filter((o) => o.kind === 'service');
    expect(services).toEqual([
      {
        kind: 'service',
        source: 'nmap-xml',
        port: 80,
        protocol: 'tcp',
        name: 'http',
        product: 'Hikvision IP camera httpd',
      },
      {
        kind: 'service',
        source: 'nmap-xml',
        port: 80,
        protocol: 'tcp',
        name: 'http',
        banner: 'Server: App-webs/',
      },
      {
        kind: 'service',
        source: 'nmap-xml',
        port: 554,
        protocol: 'tcp',
        name: 'rtsp',
        product: 'Hikvision 7513 POE IP camera rtspd',
      },
      { kind: 'service', source: 'nmap-xml', port: 8000, protocol: 'tcp', name: 'http-alt' },
      {
        kind: 'service',
        source: 'nmap-xml',
        port: 8000,
        protocol: 'tcp',
        name: 'http-alt',
        banner: 'Server: App-webs/',
      },
      {
        kind: 'service',
        source: 'nmap-xml',
        port: 8000,
        protocol: 'tcp',
        name: 'http-alt',
        banner: 'WWW-Authenticate: Digest realm="IP Camera"',
      },
      {
        kind: 'service',
        source: 'nmap-xml',
        port: 443,
        protocol: 'tcp',
        name: 'ssl/http',
        product: 'Hikvision IP camera httpd',
      },
    ]);
  });

  it.each([
    ['<nmaprun/>', []],
    ['<nmaprun><host><address addr="x" addrtype="ipv4"/></host></nmaprun>', ['host 1']],
  ])('handles %j', (text, positions) => {
    const r = parseNmapXml(text);
    expect(r.hosts).toEqual([]);
    expect(r.skipped.map((s) => s.position)).toEqual(positions);
  });

  it('rejects other XML and entity declarations', () => {
    expect(() => parseNmapXml('<ProbeMatch/>')).toThrow(ParseError);
    expect(() => parseNmapXml('<!DOCTYPE nmaprun [<!ENTITY a "b">]><nmaprun/>')).toThrow(
      ParseError,
    );
  });

  it.each([
    ['SF-Port80-TCP:V=7%r(GetRequest,10,"Server:\\x20Webs\\r\\n")', ['Server: Webs']],
    ['SF-Port80-TCP:V=7%r(Get\nSF:Request,10,"X:\\x20y\\r\\nserver:Boa\\r\\n")', ['server:Boa']],
    ['%r(GetRequest,10,"unterminated', []],
    ['', []],
  ])('reads header lines of fingerprint %j', (fp, lines) => {
    expect(fingerprintHeaders(fp)).toEqual(lines);
  });
});
