import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../../kb/index.js';
import { identifyHost } from '../fuse.js';
import { runScan } from '../net-scan.js';
import { parseTarget } from '../targets.js';
import { highPortMap, startLab, type Lab } from './lab-server.js';

// `net scan` against lab devices on 127.77.6.0/24: the DVRIP search goes unicast to each host
// (multicast and broadcast stay off; loopback has neither), and its reply shows in the verdict.
const isRoot = process.getuid?.() === 0;
const portMap = isRoot ? {} : highPortMap;
let lab: Lab;

beforeAll(async () => {
  lab = await startLab({
    base: '127.77.6.0/24',
    seed: 7,
    ports: portMap,
    profiles: ['dahua-camera', 'dahua-nvr', 'amcrest-camera', 'hikvision-camera'],
  });
});
afterAll(() => lab.close());

describe('net scan of lab devices: DVRIP discovery on UDP 5050', () => {
  it('puts the DVRIP reply in the evidence of Dahua and its OEM, and of no one else', async () => {
    const { kb } = await loadKb();
    const observed = await runScan({
      targets: lab.devices.map((d) => parseTarget(d.address)),
      ports: [portMap['80'] ?? 80, 37777],
      concurrency: 8,
      rate: 1000,
      connectTimeoutMs: 500,
      probeTimeoutMs: 1000,
      hostTimeoutMs: 3000,
      maxBytes: 64 * 1024,
      udp: true,
      multicast: false,
      udpWindowMs: 300,
      authorized: false,
    });
    for (const device of lab.devices) {
      const host = observed.find((h) => h.address === device.address);
      const v = identifyHost(
        kb,
        host ?? { address: device.address, observations: [] },
        '2026-11-28',
      );
      const rule = v.evidence.find((e) => e.fingerprint === 'rule:dvrip-reply');
      expect(v.maker).toBe(device.truth.maker);
      if (device.truth.maker !== 'dahua') {
        expect(rule).toBeUndefined();
        continue;
      }
      expect(v).toMatchObject({ model: device.truth.model, covered: true });
      expect(v.brand).toBe(device.truth.brand);
      expect(rule).toMatchObject({
        probe: 'dvrip',
        vendor: 'dahua',
        seen: `dvrip reply: ${device.truth.model ?? ''}, serial ${device.serial}`,
        sources: ['fp-dahuaconsole-discover', 'fp-universalscanner-dahua'],
      });
      expect(host?.observations).toContainEqual({
        kind: 'open-port',
        source: 'dvrip',
        port: 5050,
        protocol: 'udp',
      });
    }
  });
});
