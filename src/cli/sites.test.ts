import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretHash } from '../sites/index-node.js';
import { openSqliteStore } from '../store/index.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const db = join(mkdtempSync(join(tmpdir(), 'sousveil-sites-cli-')), 'sites.db');
const cli = async (...args: string[]) => {
  const io = captureIo();
  const code = await run([...args, '--db', db], io);
  return { code, out: io.out(), err: io.err() };
};

describe('sousveil sites', () => {
  let agentId = 0;

  it('adds a site and prints a one-time code, kept only as its hash, valid 24 h', async () => {
    const r = await cli('sites', 'add', 'lab', '--range', '10.1.2.0/24', '--range', 'fd00::/8');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^added site lab: 10\.1\.2\.0\/24, fd00::\/8\nenrollment code for lab \(once, until 2026-11-29T12:00:00\.000Z\):\n {2}([A-Z2-9]{4}-){7}[A-Z2-9]{4}\n/,
    );
    const code = /\n {2}(\S+)\n/.exec(r.out)?.[1] ?? '';
    const store = openSqliteStore(db);
    try {
      const enrolled = await store.sites.enroll(secretHash(code, 'code'), '2026-11-29T11:00:00Z', {
        name: 'agent',
        tokenSha256: secretHash('t', 'token'),
      });
      expect(enrolled?.site.name).toBe('lab');
      agentId = enrolled?.agent.id ?? 0;
    } finally {
      await store.close();
    }
  });

  it('prints a new code on demand, with --code-valid', async () => {
    const r = await cli('sites', 'code', 'lab', '--code-valid', '2h', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      site: 'lab',
      expiresAt: '2026-11-28T14:00:00.000Z',
    });
  });

  it('lists sites with their agents and revokes one', async () => {
    const list = await cli('sites', 'list', '--json');
    expect(JSON.parse(list.out)).toMatchObject({
      sites: [{ name: 'lab', agents: [{ id: agentId, name: 'agent', silent: false }] }],
    });
    expect((await cli('sites', 'revoke', String(agentId))).out).toBe(`revoked agent ${agentId}\n`);
    expect((await cli('sites', 'list')).out).toContain(
      `agent ${agentId} agent  last seen 2026-11-29T11:00:00Z  revoked 2026-11-28T12:00:00.000Z`,
    );
  });

  it.each([
    [
      ['sites', 'add', 'pub', '--range', '8.8.8.0/24'],
      'range 8.8.8.0/24 reaches public address space',
    ],
    [['sites', 'add', 'bad', '--range', '10.1.0.0/40'], 'prefix length "40" is not 0 to 32'],
    [['sites', 'add', 'none'], 'a site needs at least one --range CIDR'],
    [['sites', 'add', 'lab', '--range', '10.9.0.0/16'], 'site "lab" already exists'],
    [['sites', 'add', 'Bad Name', '--range', '10.9.0.0/16'], 'is not 1 to 63 of'],
    [['sites', 'code', 'nowhere'], 'no site "nowhere"'],
    [['sites', 'code', 'lab', '--code-valid', '90d'], 'is not a duration from 1m to 30d'],
    [['sites', 'revoke', '999'], 'no agent 999'],
    [['sites', 'revoke', 'x'], 'agent id "x" is not a number'],
  ])('refuses %j with one line', async (args, why) => {
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(why);
  });

  it('takes public space with --authorized', async () => {
    const r = await cli(
      'sites',
      'add',
      'hq',
      '--range',
      '8.8.8.0/24,fd00::/8',
      '--authorized',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      site: { name: 'hq', ranges: ['8.8.8.0/24', 'fd00::/8'] },
    });
  });
});
