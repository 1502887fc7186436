/// <reference lib="dom" />
// End to end: the observatory's Sites view in Debian's chromium, over sites and agents made the
// way the server makes them — a site and an enrollment code in the store, agents enrolled and
// their scans pushed through the real `/api/v1/agent/*` routes with their own tokens. Checks the
// numbers, the silent and revoked badges, the links into the audits pages, a filter and order
// that survive a reload, the 390 px layout, and that no request goes to another host.
// Needs `npm run build` and /usr/bin/chromium (.ci/run installs it).
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/server/test-client.js';
import { newEnrollmentCode, secretHash } from '../../src/sites/index-node.js';
import {
  axeViolations,
  openPage,
  pageReady,
  shots,
  startRig,
  type ObservatoryRig,
} from './observatory-rig.js';

let rig: ObservatoryRig;

beforeAll(async () => {
  rig = await startRig('e2e-sites');
}, 60_000);

// beforeAll may have failed before assigning it.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
afterAll(async () => rig?.close());

/** A host of a pushed scan; with a Hikvision MAC its evidence makes it covered on the server. */
function host(address: string, hikvisionMac?: string): object {
  if (hikvisionMac === undefined) return { address, covered: false, evidence: [] };
  return {
    address,
    mac: hikvisionMac,
    covered: true,
    evidence: [
      {
        probe: 'arp',
        kind: 'mac-prefix',
        seen: hikvisionMac.slice(0, 8),
        fingerprint: 'oui',
        weight: 0.5,
      },
    ],
  };
}

/** A site in the store with a fresh enrollment code, as `sousveil sites add` leaves it. */
async function addSite(name: string, range: string): Promise<{ id: number; code: string }> {
  const site = await rig.store.sites.add({
    name,
    ranges: [range],
    createdAt: new Date().toISOString(),
  });
  if (site === undefined) throw new Error(`site ${name} exists`);
  return { id: site.id, code: await newCode(site.id) };
}

async function newCode(siteId: number): Promise<string> {
  const code = newEnrollmentCode();
  await rig.store.sites.addCode(
    siteId,
    secretHash(code, 'code'),
    new Date(Date.now() + 3_600_000).toISOString(),
  );
  return code;
}

/** Enrolls an agent through the API with a code; its id and token. */
async function enroll(code: string, name: string): Promise<{ id: number; token: string }> {
  const r = await call(rig.obs.url, '/api/v1/agent/enroll', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  expect(r.status, JSON.stringify(r.json())).toBeLessThan(300);
  const { agentId, token } = r.json() as { agentId: number; token: string };
  return { id: agentId, token };
}

/** Pushes a scan as an agent does; the scan id the server gave it. */
async function push(
  token: string,
  uploadId: string,
  hosts: object[],
  every = 21_600,
): Promise<number> {
  const r = await call(rig.obs.url, `/api/v1/agent/results?uploadId=${uploadId}&every=${every}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ hosts }),
  });
  expect(r.status, JSON.stringify(r.json())).toBeLessThan(300);
  return (r.json() as { id: number }).id;
}

async function open(
  path: string,
  viewport = { width: 1280, height: 900 },
  bypassCSP = false,
): Promise<Page> {
  const page = await openPage(rig, path, viewport, bypassCSP);
  await pageReady(page);
  return page;
}

const card = (page: Page, name: string) => page.locator(`section.site[data-site="${name}"]`);

describe('Sites view in chromium', () => {
  it('tells an admin how to add a site when there is none', async () => {
    const page = await open('/sites');
    expect(await page.locator('main h1').textContent()).toBe('Sites');
    const text = await page.locator('main').innerText();
    expect(text).toContain('No sites yet');
    expect(text).toContain('sousveil sites add NAME --range CIDR');
    expect(text).toContain(`sousveil agent enroll --server ${rig.obs.url}`);
    await page.close();
  });

  let harbour: { last: number; before: number };

  it('shows each site’s last report, its changes and its agents as the agents pushed them', async () => {
    // Harbour: two scans by one agent (one host gone, two new, one now a Hikvision camera),
    // a second agent revoked.
    const h = await addSite('Harbour', '127.1.1.0/24');
    const scanner = await enroll(h.code, 'harbour-scanner');
    const before = await push(scanner.token, 'harbour-0001', [
      host('127.1.1.5', '44:19:B6:01:02:03'),
      host('127.1.1.6'),
      host('127.1.1.7'),
    ]);
    const last = await push(scanner.token, 'harbour-0002', [
      host('127.1.1.5', '44:19:B6:01:02:03'),
      host('127.1.1.6', '44:19:B6:01:02:06'),
      host('127.1.1.8'),
      host('127.1.1.9', '44:19:B6:01:02:09'),
    ]);
    harbour = { last, before };
    const old = await enroll(await newCode(h.id), 'harbour-old');
    await rig.store.sites.revoke(old.id, new Date(Date.now() - 86_400_000).toISOString());
    // Depot: one scan from an agent that then went quiet for two days on a 6-hour schedule.
    const d = await addSite('Depot', '127.1.2.0/24');
    const quiet = await enroll(d.code, 'depot-scanner');
    await push(quiet.token, 'depot-0001', [host('127.1.2.5')]);
    await rig.store.sites.seen(
      quiet.id,
      new Date(Date.now() - 2 * 86_400_000).toISOString(),
      21_600,
    );
    // Annex: a site no agent has enrolled at yet.
    await addSite('Annex', '127.1.3.0/24');

    const page = await open('/sites', undefined, true);
    expect(await page.locator('section.site h2').allTextContents()).toEqual([
      'Annex',
      'Depot 1 silent agent',
      'Harbour',
    ]);
    expect(await page.locator('.sites-totals').textContent()).toBe(
      '3 sites, 3 agents: 1 silent, 1 revoked.',
    );
    const harbourText = await card(page, 'Harbour').innerText();
    expect(harbourText).toContain('127.1.1.0/24');
    expect(harbourText).toContain('by harbour-scanner, 4 hosts');
    expect(harbourText).toContain('3 covered devices');
    expect(harbourText).toContain('2 appeared, 1 disappeared, 1 changed');
    expect(harbourText).toContain(`scan ${before} → scan ${last}`);
    const states = (name: string) => card(page, name).locator('.agent-state').allTextContents();
    expect(await states('Harbour')).toEqual(['reporting', 'revoked']);
    expect(await states('Depot')).toEqual(['silent']);
    expect(await card(page, 'Depot').innerText()).toContain('every 6 h');
    expect(await card(page, 'Annex').innerText()).toContain('No agent enrolled yet');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'sites-1280.png'), fullPage: true });
    await page.close();
  });

  it('links the covered devices to that scan’s covered hosts and the changes to the comparison', async () => {
    const page = await open('/sites');
    await card(page, 'Harbour').getByRole('link', { name: '3 covered devices' }).click();
    await page.waitForURL(new RegExp(`/audits/${harbour.last}\\?covered=true$`));
    await page.locator('main caption', { hasText: '3 of 4 hosts' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#f-covered').inputValue()).toBe('true');
    await page.goBack();
    await card(page, 'Harbour')
      .getByRole('link', { name: '2 appeared, 1 disappeared, 1 changed' })
      .click();
    await page.waitForURL(/\/audits\?a=\d+&b=\d+#diff-h$/);
    await page
      .locator('main p', { hasText: '2 appeared, 1 disappeared, 1 changed, 1 unchanged.' })
      .waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('a')).toBe(String(harbour.before));
    await page.close();
  });

  it('keeps the name filter and the order in the URL across a reload', async () => {
    const page = await open('/sites');
    await page.getByLabel('Order', { exact: true }).selectOption('silent');
    expect(await page.locator('section.site h2').first().textContent()).toContain('Depot');
    await page.getByLabel('Site name').fill('HAR');
    await page.locator('main [role="status"]', { hasText: 'Showing 1 of 3 sites.' }).waitFor();
    expect(new URL(page.url()).search).toBe('?sort=silent&q=HAR');
    await page.reload();
    await page.locator('section.site').first().waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Site name').inputValue()).toBe('HAR');
    expect(await page.getByLabel('Order', { exact: true }).inputValue()).toBe('silent');
    expect(await page.locator('section.site h2').allTextContents()).toEqual(['Harbour']);
    await page.getByLabel('Site name').fill('');
    expect(await page.locator('section.site h2').allTextContents()).toEqual([
      'Depot 1 silent agent',
      'Annex',
      'Harbour',
    ]);
    expect(new URL(page.url()).search).toBe('?sort=silent');
    await page.close();
  });

  it('fits a 390 px phone, badges in words, and asks nothing of another host', async () => {
    const page = await open('/sites?sort=silent', { width: 390, height: 844 });
    await page.locator('section.site').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Sites');
    expect(await card(page, 'Depot').locator('td[data-label="State"]').innerText()).toBe('silent');
    await page.screenshot({ path: join(shots, 'sites-390.png'), fullPage: true });
    await page.close();
    expect(rig.foreign).toEqual([]);
    expect(rig.pageErrors).toEqual([]);
  });
});
