import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { identifyHost } from './fuse.js';
import { runScan } from './net-scan.js';
import { parseDiscoveryReply } from './parse/discovery.js';
import { discoverMulticast, linkBroadcast, linksForTargets } from './probe-multicast.js';
import { discoveryProtocols } from './probe-udp.js';
import { parseTarget } from './targets.js';

// Multicast discovery against an emulated device in a network namespace this test creates (root
// and iproute2 required; .ci/run installs iproute2). Traffic stays on the test's own veth pair.
const ns = `svt${process.pid % 100000}`;
const hostSide = `sva${process.pid % 100000}`;
const nsSide = `svb${process.pid % 100000}`;
const hostAddress = '10.231.77.1';
const deviceAddress = '10.231.77.2';
const dahuaAddress = '10.231.77.3';
const responder = fileURLToPath(new URL('./testdata/ns-responder.mjs', import.meta.url));
let child: ChildProcess | undefined;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

beforeAll(async () => {
  ip('netns', 'add', ns);
  ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
  ip('link', 'set', nsSide, 'netns', ns);
  ip('addr', 'add', `${hostAddress}/24`, 'dev', hostSide);
  ip('link', 'set', hostSide, 'up');
  ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${deviceAddress}/24`, 'dev', nsSide);
  ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${dahuaAddress}/24`, 'dev', nsSide);
  ip('netns', 'exec', ns, 'ip', 'link', 'set', nsSide, 'up');
  ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
  child = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, responder, deviceAddress, dahuaAddress],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child?.stdout?.once('data', () => resolve());
    child?.once('exit', (code) => reject(new Error(`responder exited ${String(code)}`)));
  });
});

afterAll(() => {
  child?.kill();
  try {
    ip('netns', 'del', ns);
  } catch {
    // Already gone.
  }
  try {
    ip('link', 'del', hostSide);
  } catch {
    // Deleted with the namespace.
  }
});

describe('multicast discovery in a network namespace', () => {
  it('sends only on the link that holds the targets and hears the device', async () => {
    const links = linksForTargets([parseTarget('10.231.77.0/24')]);
    expect(links.map((l) => l.address)).toEqual([hostAddress]);
    expect(linksForTargets([parseTarget('127.77.0.0/16')])).toEqual([]);
    const replies = await discoverMulticast({
      links,
      windowMs: 1500,
      accept: (a) => a === deviceAddress,
    });
    const sadp = replies.find((r) => r.protocol === 'sadp');
    expect(sadp?.address).toBe(deviceAddress);
    const parsed = parseDiscoveryReply('sadp', sadp?.data ?? new Uint8Array());
    expect(parsed).toMatchObject({
      ok: true,
      value: [{ model: 'DS-2CD2143G0-I', firmware: 'V5.5.82build 190910' }],
    });
  });

  it('broadcasts the DVRIP search on that link only and parses the answer', async () => {
    const links = linksForTargets([parseTarget(`${dahuaAddress}/32`)]);
    expect(links.map(linkBroadcast)).toEqual(['10.231.77.255']);
    const replies = await discoverMulticast({
      links,
      windowMs: 1000,
      accept: (a) => a === dahuaAddress,
      protocols: discoveryProtocols.filter((p) => p.name === 'dvrip'),
    });
    expect(replies.map((r) => [r.protocol, r.address])).toEqual([['dvrip', dahuaAddress]]);
    const parsed = parseDiscoveryReply('dvrip', replies[0]?.data ?? new Uint8Array());
    expect(parsed.ok && parsed.value[0]).toMatchObject({
      source: 'dvrip',
      model: 'IPC-HDW5431R-ZE',
      mac: '3c:ef:8c:00:00:02',
    });
  });

  it('a scan finds the device by multicast alone and flags its CVE', async () => {
    const { kb } = await loadKb();
    const observed = await runScan({
      targets: [parseTarget(`${deviceAddress}/32`)],
      ports: [80, 8000],
      concurrency: 4,
      rate: 100,
      connectTimeoutMs: 500,
      probeTimeoutMs: 500,
      hostTimeoutMs: 3000,
      maxBytes: 65536,
      udp: false,
      multicast: true,
      udpWindowMs: 1500,
      authorized: false,
    });
    const host = observed.find((h) => h.address === deviceAddress);
    expect(host).toBeDefined();
    const verdict = identifyHost(
      kb,
      host ?? { address: deviceAddress, observations: [] },
      '2026-11-28',
    );
    expect(verdict).toMatchObject({
      maker: 'hikvision',
      covered: true,
      advisories: ['CVE-2021-36260'],
      mac: '44:19:b6:00:00:01',
    });
  });
});
