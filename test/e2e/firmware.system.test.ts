/// <reference lib="dom" />
// End to end: the observatory's Firmware page in Debian's chromium — an image uploaded, scanned
// behind the request while the page follows its job, then shown; requests elsewhere refused.
// Needs `npm run build` and /usr/bin/chromium (.ci/run installs it).
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHikvision, buildTar, text } from '../../src/firmware/test-builders.js';
import { openPage, shots, startRig, type ObservatoryRig } from './observatory-rig.js';

let rig: ObservatoryRig;

beforeAll(async () => {
  rig = await startRig('e2e-fw');
}, 60_000);

// beforeAll may have failed before assigning it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
afterAll(async () => rig?.close());

describe('Firmware page in chromium', () => {
  it('uploads an image, follows its job and shows the audit', async () => {
    const page = await openPage(rig, '/firmware');
    await page.locator('main h1', { hasText: 'Firmware audits' }).waitFor({ timeout: 30_000 });
    const image = buildHikvision({
      files: [
        { name: '_cfgUpgClass', data: text('DS-2CD2143G0-I\0') },
        {
          name: 'app.tar.gz',
          data: new Uint8Array(
            gzipSync(buildTar([{ name: 'etc/init.d/rcS', data: text('telnetd &\n') }])),
          ),
        },
      ],
      version: 0x05050000 + 160,
      buildDate: 210416,
    });
    await page.locator('#fw-file').setInputFiles({
      name: 'digicap.dav',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(image),
    });
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await page.waitForURL(/\/firmware\/\d+$/, { timeout: 30_000 });
    await page.locator('main h1', { hasText: 'digicap.dav' }).waitFor();
    const text_ = await page.locator('main').innerText();
    expect(text_).toContain('Hikvision');
    expect(text_).toContain('CVE-2021-36260');
    expect(text_).toContain('DS-2CD2143G0-I');
    expect(text_).toContain('A telnet daemon started at boot');
    await page.screenshot({ path: join(shots, 'firmware-1280.png'), fullPage: true });
    await page.goto(`${rig.obs.url}/firmware`);
    await page.locator('tbody tr', { hasText: 'digicap.dav' }).waitFor();
    await page.goto(`${rig.obs.url}/vendors/hikvision`);
    await page.locator('main h2', { hasText: 'Firmware seen' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('main').innerText()).toContain('V5.5.160 build 210416');
    expect(rig.foreign).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
    await page.close();
  });
});
