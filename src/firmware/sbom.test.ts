import { describe, expect, it } from 'vitest';
import { cycloneDx15 } from './cyclonedx-schema.js';
import type { FirmwareReport } from './report.js';
import { toCycloneDx } from './sbom.js';

const report = {
  file: 'digicap.dav',
  sha256: 'c0'.repeat(32),
  scannedAt: '2026-11-30T12:00:00.000Z',
  identity: {
    version: 'V5.5.160 build 210416',
    maker: { id: 'hikvision', name: 'Hikvision' },
    brand: undefined,
  },
  components: [
    {
      id: 'busybox',
      name: 'BusyBox',
      version: '1.19.3',
      purl: 'pkg:generic/busybox@1.19.3',
      cpe: 'cpe:2.3:a:busybox:busybox:1.19.3:*:*:*:*:*:*:*',
      files: ['a!/bin/busybox'],
      sources: [],
    },
    {
      id: 'linux-kernel',
      name: 'Linux kernel',
      version: '3.10.0',
      purl: 'pkg:generic/linux@3.10.0',
      cpe: undefined,
      files: ['a!/uImage#name'],
      sources: [],
    },
  ],
} as unknown as FirmwareReport;

describe('CycloneDX SBOM', () => {
  it('fits the CycloneDX 1.5 schema: required fields, enums, patterns, no extra properties', () => {
    const bom = toCycloneDx(report, '0.1.0');
    const parsed = cycloneDx15.safeParse(bom);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(bom).toMatchObject({
      metadata: {
        component: {
          type: 'firmware',
          name: 'digicap.dav',
          supplier: { name: 'Hikvision' },
          version: 'V5.5.160 build 210416',
        },
      },
      components: [
        { type: 'library', name: 'BusyBox', version: '1.19.3', purl: 'pkg:generic/busybox@1.19.3' },
        { type: 'operating-system', name: 'Linux kernel' },
      ],
    });
  });

  it('gives one image one serial number, and the check catches a bad one', () => {
    const a = toCycloneDx(report, '0.1.0');
    expect(toCycloneDx(report, '0.2.0').serialNumber).toBe(a.serialNumber);
    expect(cycloneDx15.safeParse({ ...a, serialNumber: 'urn:uuid:nope' }).success).toBe(false);
    expect(cycloneDx15.safeParse({ ...a, extra: 1 }).success).toBe(false);
  });
});
