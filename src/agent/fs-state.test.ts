import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentStateDir, lockState, readEnrollment, saveEnrollment } from './fs-state.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'sousveil-state-')), 'agent');
const enrollment = {
  server: 'https://observatory.example',
  agentId: 4,
  name: 'north-1',
  site: 'north',
  ranges: ['10.1.0.0/16'],
  token: 'secret-token',
  enrolledAt: '2026-11-30T10:00:00.000Z',
  ca: true,
};

describe('the agent state folder', () => {
  it.each([
    ['/flag', {}, '/flag'],
    [undefined, { SOUSVEIL_AGENT_STATE: '/own' }, '/own'],
    [undefined, { XDG_STATE_HOME: '/xdg' }, '/xdg/sousveil/agent'],
    [undefined, { XDG_STATE_HOME: 'relative' }, '/home/a/.local/state/sousveil/agent'],
    [undefined, {}, '/home/a/.local/state/sousveil/agent'],
  ])('flag %s with %j is %s', (flag, env, dir) => {
    expect(agentStateDir(flag, env, '/home/a')).toBe(dir);
  });

  it('keeps the enrollment and the CA private, and reads them back', async () => {
    const dir = fresh();
    await saveEnrollment(dir, enrollment, new TextEncoder().encode('-----BEGIN CERTIFICATE-----'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'enrollment.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ca.pem')).mode & 0o777).toBe(0o600);
    expect(readEnrollment(dir)).toEqual(enrollment);
    expect(readEnrollment(fresh())).toBeUndefined();
  });

  it('refuses a damaged enrollment in one line', async () => {
    const dir = fresh();
    await saveEnrollment(dir, enrollment, undefined);
    writeFileSync(join(dir, 'enrollment.json'), '{"server": 1}');
    expect(() => readEnrollment(dir)).toThrow(/not an agent enrollment \(server\)/);
    writeFileSync(join(dir, 'enrollment.json'), '{');
    expect(() => readEnrollment(dir)).toThrow(/not an agent enrollment \(not JSON\)/);
  });

  it('lets one run hold the folder, and takes over the lock of a process that is gone', () => {
    const dir = fresh();
    const release = lockState(dir);
    expect(() => lockState(dir)).toThrow(/in use by another agent run \(process \d+\)/);
    release();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'run.lock'), `${gone}\n`);
    const again = lockState(dir);
    expect(readFileSync(join(dir, 'run.lock'), 'utf8')).toBe(`${process.pid}\n`);
    again();
  });
});
