// Three sites, three agents and one server over PostgreSQL with HTTPS, all from the built CLI on
// loopback: each agent scans lab devices on its site's addresses and its results arrive under its
// site; the server is stopped mid-run, the agents keep scanning and queue, and after the restart
// every queued result arrives once; a revoked token and a target outside the site are refused.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../src/agent/http-client.js';
import type { SiteSummary } from '../../src/contract/sites.js';
import { selfSigned } from '../../src/cli/test-tls.js';
import { highPortMap, startLab, type Lab } from '../../src/netaudit/lab/index.js';
import { freshPostgres } from '../../src/store/postgres/pg-test-db.js';
import {
  events,
  freePort,
  getJson,
  sousveil,
  start,
  stop,
  waitFor,
  type Running,
} from './agents-harness.js';

const sites = [
  { name: 'north', range: '127.61.0.0/24' },
  { name: 'south', range: '127.62.0.0/24' },
  { name: 'east', range: '127.63.0.0/24' },
];
const dir = mkdtempSync(join(tmpdir(), 'sousveil-agents-'));
const stateOf = (site: string) => join(dir, `agent-${site}`);
let db: { url: string; drop: () => Promise<void> };
let tls: { cert: string; key: string };
let ca: string;
let port: number;
let server: Running | undefined;
const labs: Lab[] = [];
let labPorts = '';
const codes = new Map<string, string>();

const base = () => `https://127.0.0.1:${port}`;
const sitesNow = async () => (await getJson(`${base()}/api/v1/sites`, ca)).body as SiteSummary[];

async function startServer(): Promise<void> {
  server = start([
    'serve',
    '--port',
    String(port),
    '--db',
    db.url,
    '--tls-cert',
    tls.cert,
    '--tls-key',
    tls.key,
  ]);
  const s = server;
  await waitFor(() => /observatory at https:/.test(s.err()), 120_000, s.err);
}

function scanArgs(site: { name: string; range: string }): string[] {
  return [
    site.range,
    '--ports',
    labPorts,
    '--no-multicast',
    '--state',
    stateOf(site.name),
    '--json',
  ];
}

beforeAll(async () => {
  db = await freshPostgres('agents');
  tls = selfSigned(dir, 'server');
  ca = readFileSync(tls.cert, 'utf8');
  port = await freePort();
  expect(sousveil(['db', 'migrate', '--db', db.url]).status).toBe(0);
  for (const s of sites) {
    const added = sousveil(['sites', 'add', s.name, '--range', s.range, '--db', db.url, '--json']);
    expect(added.status, added.stderr).toBe(0);
    codes.set(s.name, (JSON.parse(added.stdout) as { code: string }).code);
    const lab = await startLab({
      base: s.range,
      devices: 3,
      seed: labs.length + 1,
      ports: highPortMap,
    });
    labs.push(lab);
  }
  labPorts = [...new Set(labs.flatMap((l) => l.devices.flatMap((d) => d.tcp)))].join(',');
  await startServer();
  for (const s of sites) {
    const r = sousveil([
      'agent',
      'enroll',
      '--server',
      base(),
      '--code',
      codes.get(s.name) ?? '',
      '--ca',
      tls.cert,
      '--name',
      `agent-${s.name}`,
      '--state',
      stateOf(s.name),
    ]);
    expect(r.status, r.stderr).toBe(0);
  }
}, 240_000);

/** Agents still running when a test fails are stopped after it. */
const running: Running[] = [];

afterAll(async () => {
  await Promise.all(running.map((a) => stop(a, 'SIGKILL')));
  if (server !== undefined) await stop(server, 'SIGKILL');
  await Promise.all(labs.map((l) => l.close()));
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** Per site, the upload ids its agent queued and those the server acknowledged, over all runs. */
const queued = new Map<string, Set<string>>(sites.map((s) => [s.name, new Set()]));
const acknowledged = new Map<string, string[]>(sites.map((s) => [s.name, []]));

function record(site: string, out: string): void {
  for (const e of events(out)) {
    if (e.event === 'scanned' && e.uploadId !== undefined) queued.get(site)?.add(e.uploadId);
    if (e.event === 'sent' && e.uploadId !== undefined) acknowledged.get(site)?.push(e.uploadId);
  }
}

const waiting = (site: string): string[] =>
  readdirSync(join(stateOf(site), 'queue')).filter((n) => /^\d.*\.json$/.test(n));

/** The upload id in a queued file's name (`<ms>-<seq>-<id>.json`). */
const uploadIdOf = (name: string): string => name.replace(/^\d+-\d+-|\.json$/g, '');

/** What PostgreSQL holds for a site: its agent's upload ids and the scans filed under it. */
async function savedFor(site: string): Promise<{ uploadIds: string[]; scans: number }> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const uploads = await c.query<{ upload_id: string }>(
      'SELECT u.upload_id FROM agent_uploads u JOIN sites s ON s.id = u.site_id WHERE s.name = $1',
      [site],
    );
    const scans = await c.query<{ n: string }>(
      "SELECT count(*) AS n FROM scans WHERE params_json::json->>'site' = $1",
      [site],
    );
    return { uploadIds: uploads.rows.map((r) => r.upload_id), scans: Number(scans.rows[0]?.n) };
  } finally {
    await c.end();
  }
}

describe('scan agents over HTTPS into one PostgreSQL server', () => {
  it("files each agent's results under its site", async () => {
    const runs = sites.map((s) => start(['agent', 'run', ...scanArgs(s), '--once']));
    running.push(...runs);
    const exits = await Promise.all(runs.map((r) => r.exited));
    runs.forEach((r, i) => expect(exits[i], r.err()).toBe(0));
    sites.forEach((s, i) => record(s.name, runs[i]?.out() ?? ''));
    const logs = runs.map((r) => r.err()).join('\n');
    const view = await sitesNow();
    for (const [i, s] of sites.entries()) {
      const site = view.find((v) => v.name === s.name);
      expect(site?.ranges).toEqual([s.range]);
      expect(site?.agents.map((a) => a.name)).toEqual([`agent-${s.name}`]);
      expect(acknowledged.get(s.name), logs).toHaveLength(1);
      expect(site?.lastReport?.hosts).toBe(labs[i]?.devices.length);
    }
  });

  it('queues while the server is down, then every queued result arrives once', async () => {
    const agents = sites.map((s) => start(['agent', 'run', ...scanArgs(s), '--every', '2s']));
    running.push(...agents);
    const count = (a: Running, kind: string) =>
      events(a.out()).filter((e) => e.event === kind).length;
    const logs = () => agents.map((a) => a.err()).join('\n');
    await waitFor(() => agents.every((a) => count(a, 'sent') >= 1), 120_000, logs);
    await stop(server as Running);
    const scannedAtStop = agents.map((a) => count(a, 'scanned'));
    await waitFor(
      () => agents.every((a, i) => count(a, 'scanned') >= (scannedAtStop[i] ?? 0) + 2),
      120_000,
      logs,
    );
    for (const s of sites) expect(waiting(s.name).length).toBeGreaterThanOrEqual(2);
    const pending = sites.map((s) => waiting(s.name).map(uploadIdOf));
    await startServer();
    const sentBy = (a: Running) =>
      new Set(events(a.out()).flatMap((e) => (e.event === 'sent' ? [e.uploadId] : [])));
    await waitFor(
      () => agents.every((a, i) => (pending[i] ?? []).every((id) => sentBy(a).has(id))),
      120_000,
      logs,
    );
    for (const a of agents) expect(await stop(a)).toBe(0);
    sites.forEach((s, i) => record(s.name, agents[i]?.out() ?? ''));
    for (const s of sites) {
      const sent = acknowledged.get(s.name) ?? [];
      const left = waiting(s.name).map(uploadIdOf);
      expect(new Set(sent).size, 'no upload id acknowledged twice').toBe(sent.length);
      expect([...sent, ...left].sort(), 'every scan sent or still queued').toEqual(
        [...(queued.get(s.name) ?? [])].sort(),
      );
      const saved = await savedFor(s.name);
      expect(saved.uploadIds.sort()).toEqual([...sent].sort());
      expect(saved.scans).toBe(sent.length);
    }
  }, 300_000);

  it("refuses a target outside the site's ranges, locally and at the server", async () => {
    const local = sousveil([
      'agent',
      'run',
      '127.62.0.1',
      '--state',
      stateOf('north'),
      '--ports',
      labPorts,
    ]);
    expect(local.status).toBe(1);
    expect(local.stderr.trim()).toMatch(
      /^sousveil: agent run: target "127\.62\.0\.1": outside the site's ranges \(127\.61\.0\.0\/24\)/,
    );
    const { token } = JSON.parse(
      readFileSync(join(stateOf('north'), 'enrollment.json'), 'utf8'),
    ) as { token: string };
    // A scan of the neighbouring site, sent by hand with north's token past the local check.
    const forged = {
      hosts: [{ address: '127.62.0.9', covered: false, openPorts: [8080] }],
      scan: { kind: 'scan', targets: ['127.62.0.0/24'] },
    };
    const answer = await postJson(
      `${base()}/api/v1/agent/results?uploadId=forged-upload-1`,
      new TextEncoder().encode(JSON.stringify(forged)),
      { token, ca, timeoutMs: 30_000 },
    );
    expect(answer.status, answer.body).toBe(422);
    expect(answer.body).toContain('127.62.0.9 is outside site \\"north\\"');
    expect((await savedFor('north')).uploadIds).not.toContain('forged-upload-1');
  });

  it('refuses a revoked agent, which stops with one line', async () => {
    const view = await sitesNow();
    const east = view.find((v) => v.name === 'east')?.agents[0]?.id;
    const revoked = sousveil(['sites', 'revoke', String(east), '--db', db.url]);
    expect(revoked.status, revoked.stderr).toBe(0);
    const r = sousveil(['agent', 'run', ...scanArgs(sites[2] as (typeof sites)[number]), '--once']);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('sousveil:'))).toEqual([
      expect.stringContaining("the server refused this agent's token (HTTP 401"),
    ]);
  });
});
