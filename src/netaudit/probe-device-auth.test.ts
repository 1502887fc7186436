import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb, type Kb } from '../kb/index.js';
import { identifyHost, type HostVerdict } from './fuse.js';
import { highPortMap, labCredential, startLab, type Lab } from './lab/index.js';
import type { RequestHead } from './lab/types.js';
import { runScan } from './net-scan.js';
import { formatHostHtml } from './report/html.js';
import { formatHostTable } from './report/table.js';
import { parseTarget } from './targets.js';

// A lab on 127.77.6.0/24 (high ports, no root): a Hikvision camera (ISAPI + ONVIF), a Dahua camera
// (ONVIF) and a plain web server (neither). Every request the devices receive is recorded.
const base = '127.77.6.0/24';
const asOf = '2026-11-28';
let lab: Lab;
let kb: Kb;
let received: Array<{ address: string; req: RequestHead }> = [];

beforeAll(async () => {
  kb = (await loadKb()).kb;
  lab = await startLab({
    base,
    profiles: ['hikvision-camera', 'dahua-camera', 'generic-web'],
    ports: highPortMap,
    seed: 7,
    onRequest: (address, _port, req) => received.push({ address, req }),
  });
});

afterAll(async () => {
  await lab.close();
});

async function scan(credential?: { user: string; password: string }): Promise<HostVerdict[]> {
  received = [];
  const observed = await runScan({
    targets: [parseTarget(base)],
    ports: [8080, 8554, 8000, 37777],
    concurrency: 16,
    rate: 10_000,
    connectTimeoutMs: 500,
    probeTimeoutMs: 1000,
    hostTimeoutMs: 6000,
    maxBytes: 64 * 1024,
    udp: true,
    multicast: false,
    udpWindowMs: 300,
    authorized: false,
    ...(credential === undefined
      ? {}
      : { deviceAuth: { credential, allowBasicAuth: false, kb, asOf } }),
  });
  return observed.map((h) => identifyHost(kb, h, asOf));
}

const device = (profile: string) => {
  const d = lab.devices.find((x) => x.profile === profile);
  if (d === undefined) throw new Error(profile);
  return d;
};
const verdictOf = (hosts: HostVerdict[], profile: string): HostVerdict => {
  const v = hosts.find((h) => h.address === device(profile).address);
  if (v === undefined) throw new Error(`no verdict for ${profile}`);
  return v;
};
const withAuthorization = () => received.filter((r) => r.req.headers.has('authorization'));
const withToken = () => received.filter((r) => (r.req.body ?? '').includes('UsernameToken'));

describe('authenticated device information against the lab', () => {
  it('reads model and firmware with the right credential, once per service', async () => {
    const hosts = await scan(labCredential);
    const hik = verdictOf(hosts, 'hikvision-camera');
    expect(hik).toMatchObject({
      maker: 'hikvision',
      model: 'DS-2CD2143G0-I',
      firmware: 'V5.5.82 build 190910', // ISAPI's form, not SADP's `V5.5.82build 190910`
      advisories: device('hikvision-camera').truth.expectedCves,
    });
    expect(hik.evidence).toContainEqual(
      expect.objectContaining({
        probe: 'isapi:8080 (authenticated)',
        fingerprint: 'rule:isapi-device-info',
        seen: 'device information (authenticated): model DS-2CD2143G0-I, firmware V5.5.82 build 190910',
      }),
    );
    const dahua = verdictOf(hosts, 'dahua-camera');
    expect(dahua).toMatchObject({
      maker: 'dahua',
      model: 'IPC-HDW5431R-ZE',
      firmware: device('dahua-camera').truth.firmware,
      advisories: device('dahua-camera').truth.expectedCves,
    });
    expect(dahua.evidence.some((e) => e.probe === 'onvif:8080 (authenticated)')).toBe(true);
    expect(dahua.notes).toEqual([
      'onvif:8080: device information read with the given credentials (UsernameToken)',
    ]);
    expect(hik.notes).toHaveLength(2);
    expect(verdictOf(hosts, 'generic-web').notes).toBeUndefined();
    // One Digest GET to the Hikvision camera, one UsernameToken to each ONVIF device, nothing else.
    expect(withAuthorization().map((r) => [r.address, r.req.target])).toEqual([
      [device('hikvision-camera').address, '/ISAPI/System/deviceInfo'],
    ]);
    expect(
      withToken()
        .map((r) => r.address)
        .sort(),
    ).toEqual([device('hikvision-camera').address, device('dahua-camera').address].sort());
    const html = formatHostHtml(hosts, {
      title: 't',
      generatedAt: asOf,
      targets: [base],
      sources: new Map(),
    });
    expect(html).toContain('isapi:8080 (authenticated)');
    expect(html).toContain('device information read with the given credentials');
    for (const text of [JSON.stringify(hosts), html, formatHostTable(hosts)])
      expect(text).not.toContain(labCredential.password);
  });

  it('reports a wrong credential as refused, tries it once, and still reports the rest', async () => {
    const wrong = { user: 'admin', password: 'not-the-lab-password' };
    const hosts = await scan(wrong);
    const hik = verdictOf(hosts, 'hikvision-camera');
    expect(hik).toMatchObject({
      maker: 'hikvision',
      covered: true,
      firmware: 'V5.5.82build 190910', // from SADP, as without credentials
      advisories: ['CVE-2021-36260'],
    });
    expect(hik.notes).toEqual([
      'isapi:8080: credentials refused (HTTP 401 to Digest MD5); not retried',
      'onvif:8080: credentials refused (HTTP 401 to the UsernameToken); not retried',
    ]);
    expect(hik.evidence.some((e) => e.probe.includes('authenticated'))).toBe(false);
    expect(verdictOf(hosts, 'dahua-camera')).toMatchObject({
      maker: 'dahua',
      notes: ['onvif:8080: credentials refused (HTTP 401 to the UsernameToken); not retried'],
    });
    expect(verdictOf(hosts, 'generic-web').maker).toBeUndefined();
    expect(withAuthorization()).toHaveLength(1);
    expect(withToken()).toHaveLength(2);
    const table = formatHostTable(hosts);
    expect(table).toContain(
      `Notes:\n  ${device('hikvision-camera').address}  isapi:8080: credentials refused`,
    );
    expect(table + JSON.stringify(hosts)).not.toContain(wrong.password);
  });

  it('sends no Authorization header and no UsernameToken without the options', async () => {
    const hosts = await scan();
    expect(received.length).toBeGreaterThan(0);
    expect(withAuthorization()).toEqual([]);
    expect(withToken()).toEqual([]);
    expect(received.some((r) => r.req.target.startsWith('/onvif/'))).toBe(false);
    expect(received.some((r) => r.req.target.startsWith('/ISAPI/'))).toBe(false);
    expect(hosts.every((h) => h.notes === undefined)).toBe(true);
    expect(verdictOf(hosts, 'hikvision-camera').maker).toBe('hikvision');
  });
});
