// The agent's state folder: the enrollment (token included, so 0600 in a 0700 folder), the CA
// bundle it trusts, and the queue. One folder per agent; `--state` or SOUSVEIL_AGENT_STATE moves it.
import {
  chmodSync,
  mkdirSync,
  openSync,
  existsSync,
  rmSync,
  statSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../shared/errors.js';
import { readBounded } from '../shared/fs-bounded.js';
import { writeDurably } from './fs-queue.js';
import { AgentEnrollment } from './state.js';

const enrollmentFile = 'enrollment.json';
const caFile = 'ca.pem';
/** An enrollment file is a few hundred bytes; anything much larger is not one. */
const maxStateBytes = 64 * 1024;
/** A CA bundle: the system's own is about 200 KiB. */
export const maxCaBytes = 1024 * 1024;

/** The state folder: the flag, else SOUSVEIL_AGENT_STATE, else the XDG state home's `sousveil/agent`. */
export function agentStateDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  home: string = homedir(),
): string {
  if (flag !== undefined && flag !== '') return flag;
  const own = env.SOUSVEIL_AGENT_STATE;
  if (own !== undefined && own !== '') return own;
  const xdg = env.XDG_STATE_HOME;
  return join(
    xdg !== undefined && xdg.startsWith('/') ? xdg : join(home, '.local', 'state'),
    'sousveil',
    'agent',
  );
}

/** The folder made private (0700), created when missing. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The enrollment in `dir`, or undefined when there is none. */
export function readEnrollment(dir: string): AgentEnrollment | undefined {
  const path = join(dir, enrollmentFile);
  if (!existsSync(path)) return undefined;
  const text = decode(readBounded(path, maxStateBytes, 'it is not an agent enrollment'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not an agent enrollment (not JSON)`, {
      hint: 'enroll again with --force',
    });
  }
  const r = AgentEnrollment.safeParse(parsed);
  if (!r.success)
    throw new UserError(
      `${path}: not an agent enrollment (${r.error.issues[0]?.path.join('.') ?? ''})`,
      {
        hint: 'enroll again with --force',
      },
    );
  return r.data;
}

/** The enrollment in `dir`; a UserError telling how to enroll when there is none. */
export function requireEnrollment(dir: string): AgentEnrollment {
  const e = readEnrollment(dir);
  if (e === undefined)
    throw new UserError(`agent: not enrolled (no ${enrollmentFile} in ${dir})`, {
      hint: 'sousveil agent enroll --server URL --code CODE (or --state DIR where it was enrolled)',
    });
  return e;
}

/** Saves an enrollment (and the CA bundle it trusts), 0600 in a 0700 folder. */
export async function saveEnrollment(
  dir: string,
  enrollment: AgentEnrollment,
  ca: Uint8Array | undefined,
): Promise<void> {
  privateDir(dir);
  if (ca !== undefined) await writeDurably(dir, caFile, ca);
  await writeDurably(
    dir,
    enrollmentFile,
    new TextEncoder().encode(`${JSON.stringify(enrollment, null, 2)}\n`),
  );
}

/** The CA bundle saved at enrollment, if the enrollment trusts one. */
export function readCa(dir: string, enrollment: AgentEnrollment): string | undefined {
  return enrollment.ca ? decode(readBounded(join(dir, caFile), maxCaBytes)) : undefined;
}

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** The queue's folder inside the state folder. */
export function queueDir(dir: string): string {
  return join(dir, 'queue');
}

/**
 * Takes the state folder for one `agent run`: two runs over one queue would send a result twice
 * at once. A lock left by a process that is gone is taken over. Returns the release.
 */
export function lockState(dir: string, pid: number = process.pid): () => void {
  privateDir(dir);
  const path = join(dir, 'run.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(decode(readBounded(path, 64)).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
        throw new UserError(
          `agent run: ${dir} is in use by another agent run (process ${holder})`,
          {
            hint: 'one run per state folder; give another agent its own --state DIR',
          },
        );
      rmSync(path, { force: true });
    }
  }
  throw new UserError(`agent run: cannot take ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
