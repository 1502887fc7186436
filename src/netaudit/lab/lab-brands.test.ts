import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKb } from '../../kb/index.js';
import { identifyHost, type HostVerdict } from '../fuse.js';
import { defaultPorts, runScan } from '../net-scan.js';
import { parseTarget } from '../targets.js';
import { highPortMap, startLab, type Lab } from './lab-server.js';

// `net scan` of consumer-brand cameras made by covered makers, and of a Hytera page: the verdict
// names the maker behind the brand and the brand itself, from what the devices themselves show.
const isRoot = process.getuid?.() === 0;
const portMap = isRoot ? {} : highPortMap;
const profiles = ['ezviz-camera', 'imou-camera', 'lorex-camera', 'hytera-repeater', 'lts-camera'];
let lab: Lab;
let verdicts: Map<string, HostVerdict>;

beforeAll(async () => {
  lab = await startLab({ base: '127.77.9.0/24', seed: 11, ports: portMap, profiles });
  const { kb } = await loadKb();
  const observed = await runScan({
    targets: lab.devices.map((d) => parseTarget(d.address)),
    ports: defaultPorts.map((p) => portMap[String(p)] ?? p),
    concurrency: 8,
    rate: 1000,
    connectTimeoutMs: 500,
    probeTimeoutMs: 1000,
    hostTimeoutMs: 4000,
    maxBytes: 64 * 1024,
    udp: true,
    multicast: false,
    udpWindowMs: 300,
    authorized: false,
  });
  verdicts = new Map(
    lab.devices.map((d) => [
      d.profile,
      identifyHost(
        kb,
        observed.find((h) => h.address === d.address) ?? { address: d.address, observations: [] },
        '2026-11-28',
      ),
    ]),
  );
});
afterAll(() => lab.close());

describe('net scan reports consumer brands with the maker behind them', () => {
  it.each(profiles)('%s: maker, brand, coverage and kind of device as the device is', (id) => {
    const device = lab.devices.find((d) => d.profile === id);
    const v = verdicts.get(id);
    expect(device).toBeDefined();
    expect(v).toMatchObject({
      maker: device?.truth.maker,
      covered: device?.truth.covered,
      advisories: device?.truth.expectedCves,
    });
    expect(v?.brand).toBe(device?.truth.brand);
  });

  it('EZVIZ: the brand comes from its MAC block and CS- model; SADP and the SDK port say Hikvision', () => {
    const v = verdicts.get('ezviz-camera');
    expect(v).toMatchObject({ maker: 'hikvision', brand: 'ezviz', deviceType: 'camera' });
    expect(v?.evidence.map((e) => e.fingerprint)).toEqual(
      expect.arrayContaining(['rule:sadp-reply', 'ezviz-model-code']),
    );
    expect(v?.conflicts).toEqual([]);
  });

  it('Lorex: the DHIP Vendor field names Lorex; coverage follows the Dahua-made equipment', () => {
    const v = verdicts.get('lorex-camera');
    expect(v).toMatchObject({ maker: 'dahua', brand: 'lorex', deviceType: 'camera' });
    expect(v?.evidence).toContainEqual(
      expect.objectContaining({ probe: 'dhip', fingerprint: 'name:lorex', seen: 'Lorex' }),
    );
    expect(v?.restrictions.find((r) => r.short === 'NDAA §889(a)(1)(A)')?.confidence).toBe('high');
  });

  it('Imou: the Huacheng MAC block gives the brand; Imou is a Dahua subsidiary', () => {
    const v = verdicts.get('imou-camera');
    expect(v).toMatchObject({ maker: 'dahua', brand: 'imou', category: 'affiliate' });
  });

  it('Hytera: identified from what its page says', () => {
    const v = verdicts.get('hytera-repeater');
    expect(v?.maker).toBe('hytera');
    expect(v?.evidence).toContainEqual(
      expect.objectContaining({ probe: 'http:' + String(portMap['80'] ?? 80), kind: 'name' }),
    );
  });
});
