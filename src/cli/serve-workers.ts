// `serve --workers N`: this process (node:cluster's primary) answers nothing itself; it forks N
// copies of the same `serve` command that share its listening socket (connections handed out in
// turn), starts one first so that one process migrates and seeds the database, restarts a worker
// that dies (at most `maxRestarts` within `restartWindowMs`, each logged), and on SIGINT/SIGTERM
// (or its parent exiting, with --exit-with-parent) stops every worker and waits for them.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { EnvironmentError, UserError } from '../shared/errors.js';
import type { ModeratorSessions, SessionChange } from '../server/moderator-sessions.js';
import { isPostgresUrl } from '../store/index.js';
import type { CliIo } from './command.js';
import { stopSignal } from './stop-signal.js';

/** Restarts allowed within the window before the primary gives up and stops everything. */
const maxRestarts = 5;
const restartWindowMs = 60_000;
/** How long a worker may take to finish its requests and close the store once told to stop. */
const stopGraceMs = 15_000;

/** The largest --workers: twice the CPUs this machine offers. */
export const maxWorkers = (): number => 2 * availableParallelism();

/** Whether this process is a worker forked by `serve --workers`. */
export const isServeWorker = (): boolean => cluster.isWorker;

/** The worker's number (1, 2, …; a restarted worker gets a new one), or undefined in a primary. */
export const workerNumber = (): number | undefined => cluster.worker?.id;

/** Under --workers, this worker's number for the X-Sousveil-Worker header. */
export function workerField(): { workerNumber?: number } {
  const n = workerNumber();
  return n === undefined ? {} : { workerNumber: n };
}

/** A worker's stderr: each line starts with its pid, so the shared log tells workers apart. */
export function workerIo(io: CliIo): CliIo {
  const prefix = `worker ${process.pid}: `;
  const stderr = Object.create(io.stderr) as NodeJS.WritableStream;
  stderr.write = (chunk: string | Uint8Array, ...rest: never[]) =>
    io.stderr.write(typeof chunk === 'string' ? chunk.replace(/^(?=.)/gm, prefix) : chunk, ...rest);
  return { ...io, stderr };
}

/** A message between the primary and a worker about moderator sessions. */
type SessionMessage = { sousveilSessions: SessionChange | { op: 'sync' } };
const isSessionMessage = (m: unknown): m is SessionMessage =>
  typeof m === 'object' && m !== null && 'sousveilSessions' in m;

/**
 * In a worker: sends the sessions it opens or ends to the primary, applies those of the other
 * workers, and asks for the ones already open (a restarted worker starts with them).
 */
export function shareSessions(sessions: ModeratorSessions): void {
  if (!cluster.isWorker) return;
  const send = (m: SessionMessage): void => void process.send?.(m);
  sessions.share = (change) => send({ sousveilSessions: change });
  process.on('message', (m: unknown) => {
    if (isSessionMessage(m) && m.sousveilSessions.op !== 'sync') sessions.apply(m.sousveilSessions);
  });
  send({ sousveilSessions: { op: 'sync' } });
}

/** In the primary: keeps every open session and passes each change on to the other workers. */
function relaySessions(): void {
  const open = new Map<string, SessionChange>();
  cluster.on('message', (from: Worker, m: unknown) => {
    if (!isSessionMessage(m)) return;
    const change = m.sousveilSessions;
    if (change.op === 'sync') {
      for (const c of open.values()) from.send({ sousveilSessions: c });
      return;
    }
    const now = Date.now();
    for (const [k, c] of open) if (c.op === 'open' && c.session.expiresMs <= now) open.delete(k);
    if (change.op === 'open') open.set(change.key, change);
    else open.delete(change.key);
    for (const w of Object.values(cluster.workers ?? {}))
      if (w !== undefined && w !== from && w.isConnected()) w.send(m);
  });
}

/** Refuses --workers values that would not work: too many, or several over one SQLite file. */
export function checkWorkers(workers: number, db: string): void {
  const max = maxWorkers();
  if (workers > max)
    throw new UserError(`--workers ${workers}: more than ${max} (twice this machine's CPUs)`);
  if (workers > 1 && !isPostgresUrl(db))
    throw new UserError(
      `--workers ${workers}: several workers need a PostgreSQL database, and ${db} is an SQLite file`,
      {
        hint: 'one process serves SQLite best (writes wait on its single lock); pass --db postgres://… for several',
      },
    );
}

/** In a worker, once its server and store are closed: lets go of the primary so it can exit. */
export function leaveCluster(): void {
  if (cluster.isWorker) process.disconnect();
}

/** Runs the primary: forks, watches and stops the workers; resolves with the exit code. */
export async function runPrimary(
  io: CliIo,
  o: { workers: number; withParent: boolean },
): Promise<number> {
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const live = new Set<Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let failed: { code: number; line: string } | undefined;
  let wake: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (wake = resolve));

  const fork = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      live.add(worker);
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        resolve();
      });
      // Node's types say both are set; one of them is null, as for a child process.
      worker.once('exit', (code: number | null, signal: string | null) => {
        live.delete(worker);
        const how = signal === null ? `code ${String(code)}` : signal;
        if (!listening) reject(new StartFailed(code ?? 2, how));
        else if (!stopping) replace(worker, how);
        if (live.size === 0) wake();
      });
    });

  const replace = (worker: Worker, how: string): void => {
    const now = Date.now();
    while (restarts.length > 0 && (restarts[0] ?? 0) <= now - restartWindowMs) restarts.shift();
    if (restarts.length >= maxRestarts) {
      failed = {
        code: 2,
        line: `worker ${String(worker.process.pid)} exited (${how}); ${maxRestarts} restarts within a minute already: stopping`,
      };
      stopAll();
      return;
    }
    restarts.push(now);
    say(
      `worker ${String(worker.process.pid)} exited (${how}); starting another (restart ${restarts.length} of ${maxRestarts} a minute)`,
    );
    fork().catch((e: unknown) => {
      failed = { code: 2, line: `a restarted worker did not start: ${String(e)}` };
      stopAll();
    });
  };

  const stopAll = (): void => {
    stopping = true;
    for (const w of live) w.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of live) {
        say(`worker ${String(w.process.pid)} did not stop within ${stopGraceMs / 1000} s: killed`);
        w.process.kill('SIGKILL');
      }
    }, stopGraceMs);
    timer.unref();
    if (live.size === 0) wake();
  };

  relaySessions();
  try {
    // One first: it migrates and seeds; the others then find the database ready.
    await fork();
    await Promise.all(Array.from({ length: o.workers - 1 }, fork));
  } catch (e) {
    stopAll();
    await ended;
    if (e instanceof StartFailed) return e.code;
    throw e;
  }
  say(`${o.workers} workers answering (primary ${process.pid}); Ctrl-C stops them all`);
  say(
    'note: app and firmware job status and the report limit are per worker; docs/DEPLOY.md routes audits to one process',
  );
  const cpus = availableParallelism();
  if (o.workers > cpus)
    say(
      `note: ${o.workers} workers on ${cpus} CPUs: workers beyond the CPUs add memory and warm-up, not speed (docs/DEPLOY.md)`,
    );
  const reason = await Promise.race([stopSignal({ withParent: o.withParent }), ended]);
  if (typeof reason === 'string') say(`stopping ${live.size} workers (${reason})`);
  stopAll();
  await ended;
  if (failed !== undefined) throw new EnvironmentError(failed.line);
  return 0;
}

/** A worker exited before it listened: it has said why on stderr, which it shares. */
class StartFailed extends Error {
  constructor(
    readonly code: number,
    how: string,
  ) {
    super(`a worker exited before listening (${how})`);
  }
}
