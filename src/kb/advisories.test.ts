import { describe, expect, it } from 'vitest';
import { assessAdvisories, type DeviceFacts } from './advisories.js';
import { loadKb } from './fs-loader.js';
import { productOfModel } from './products.js';

const { kb } = await loadKb();

/** The device's advisories as `CVE: status`, with the device type read from its model where not given. */
function assess(device: DeviceFacts): Record<string, string> {
  const type =
    device.deviceType ??
    (device.model === undefined ? undefined : productOfModel(kb, device.model)?.deviceType);
  const out: Record<string, string> = {};
  for (const a of assessAdvisories(kb, { ...device, deviceType: type }))
    out[a.advisory.cve] = a.status === 'affected' ? 'affected' : `may apply: ${a.reason ?? ''}`;
  return out;
}

describe('advisories are scoped to the products they affect', () => {
  it.each<{ name: string; device: DeviceFacts; cve: string; want: string | undefined }>([
    {
      name: 'a Hikvision NVR on V3.4.92 build 170228 is not in the camera advisory',
      device: { vendors: ['hikvision'], model: 'DS-7608NI-K2', firmware: 'V3.4.92build 170228' },
      cve: 'CVE-2021-36260',
      want: undefined,
    },
    {
      name: 'a Hikvision camera on 5.5.0 build 180911 is affected',
      device: { vendors: ['hikvision'], model: 'DS-2CD2143G0-I', firmware: 'V5.5.0 build 180911' },
      cve: 'CVE-2021-36260',
      want: 'affected',
    },
    {
      name: 'the same camera on the fixed build 210628 is not',
      device: { vendors: ['hikvision'], model: 'DS-2CD2143G0-I', firmware: 'V5.5.800build 210628' },
      cve: 'CVE-2021-36260',
      want: undefined,
    },
    {
      name: 'a Hikvision device of unknown type may be affected, never "affected"',
      device: { vendors: ['hikvision'], firmware: 'V5.5.0 build 180911' },
      cve: 'CVE-2021-36260',
      want: 'may apply: device type unknown',
    },
    {
      name: 'a camera with no firmware read may be affected',
      device: { vendors: ['hikvision'], model: 'DS-2CD2143G0-I' },
      cve: 'CVE-2021-36260',
      want: 'may apply: firmware version unknown',
    },
    {
      name: 'a Dahua NVR is not in CVE-2021-33044 (cameras, intercoms, domes, thermal)',
      device: { vendors: ['dahua'], model: 'NVR5216-4KS2', firmware: '4.000.0000000.1.R.190601' },
      cve: 'CVE-2021-33044',
      want: undefined,
    },
    {
      name: 'a Dahua NVR5XXX built before December 2019 is in CVE-2021-33045',
      device: { vendors: ['dahua'], model: 'NVR5216-4KS2', firmware: '4.000.0000000.1.R.190601' },
      cve: 'CVE-2021-33045',
      want: 'affected',
    },
    {
      name: 'a Dahua NVR4XXX is in neither (not a listed series)',
      device: { vendors: ['dahua'], model: 'NVR4108HS-4KS2', firmware: '4.000.0000000.1.R.190601' },
      cve: 'CVE-2021-33045',
      want: undefined,
    },
    {
      name: 'a Dahua IPC-HX5XXX camera built April 2020 is in CVE-2021-33044',
      device: {
        vendors: ['dahua'],
        model: 'IPC-HDW5431R-ZE',
        firmware: '2.800.0000000.16.R.200422',
      },
      cve: 'CVE-2021-33044',
      want: 'affected',
    },
    {
      name: 'a Dahua 2-series camera is not a listed series',
      device: {
        vendors: ['dahua'],
        model: 'IPC-HFW2431S-S-S2',
        firmware: '2.800.0000000.16.R.200422',
      },
      cve: 'CVE-2021-33044',
      want: undefined,
    },
    {
      name: 'a Dahua camera whose model is unknown may be affected',
      device: { vendors: ['dahua'], deviceType: 'camera', firmware: '2.800.0000000.16.R.200422' },
      cve: 'CVE-2021-33044',
      want: 'may apply: model unknown',
    },
    {
      name: 'Amcrest on a patched 2.800 build (TRA-2020-20) is not affected',
      device: {
        vendors: ['amcrest', 'dahua'],
        deviceType: 'camera',
        firmware: '2.800.00AC006.0.R.211224',
      },
      cve: 'CVE-2020-5735',
      want: undefined,
    },
    {
      name: 'Amcrest on a 2.800 build before 200330 is affected',
      device: {
        vendors: ['amcrest', 'dahua'],
        deviceType: 'camera',
        firmware: '2.800.00AC000.0.R.200101',
      },
      cve: 'CVE-2020-5735',
      want: 'affected',
    },
    {
      name: 'Amcrest on a line the record does not name is not flagged',
      device: { vendors: ['amcrest'], deviceType: 'nvr', firmware: '4.001.00AC000.0.R.190101' },
      cve: 'CVE-2020-5735',
      want: undefined,
    },
    {
      name: 'CVE-2017-7921 needs one of its camera models',
      device: { vendors: ['hikvision'], model: 'DS-2CD2032F-I', firmware: 'V5.3.0 build 151016' },
      cve: 'CVE-2017-7921',
      want: 'affected',
    },
  ])('$name', ({ device, cve, want }) => {
    expect(assess(device)[cve]).toBe(want);
  });

  it('every range of every shipped advisory has a product scope and its own sources', () => {
    for (const a of kb.advisories)
      for (const r of a.affected) {
        expect(r.deviceTypes !== undefined || r.models !== undefined).toBe(true);
        expect(r.sources.length).toBeGreaterThan(0);
      }
  });
});
