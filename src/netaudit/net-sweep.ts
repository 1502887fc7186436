import { connect } from 'node:net';

export interface SweepOptions {
  ports: readonly number[];
  /** Connection attempts in flight at once. */
  concurrency: number;
  connectTimeoutMs: number;
  /** Connection attempts per second at most (this sweeper's share). */
  rate: number;
  /** Further tries of a connect that failed with an error other than a refusal or a timeout. */
  retries?: number;
}

type ConnectOutcome = 'open' | 'closed' | 'timeout' | 'failed';

function connectOnce(host: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    const finish = (outcome: ConnectOutcome): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.once('connect', () => finish('open'));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      finish(e.code === 'ECONNREFUSED' ? 'closed' : 'failed'),
    );
  });
}

/**
 * Tries one TCP connect: true when the port accepted. A reset or other failure (not a refusal,
 * not a timeout, which would double a sweep's time over empty space) is tried `retries` more
 * times. Never rejects.
 */
export async function tryConnect(
  host: string,
  port: number,
  timeoutMs: number,
  retries = 0,
): Promise<boolean> {
  let outcome = await connectOnce(host, port, timeoutMs);
  for (let i = 0; i < retries && outcome === 'failed'; i++)
    outcome = await connectOnce(host, port, timeoutMs);
  return outcome === 'open';
}

/**
 * Connects to every (host, port) pair with a bounded pool, reporting each host once all its ports
 * were tried: `onHost(host, openPorts)`. Host-major order keeps each host's ports together.
 */
export async function sweep(
  hosts: readonly string[],
  o: SweepOptions,
  onHost: (host: string, open: number[]) => void,
): Promise<void> {
  const perHost = o.ports.length;
  const pending = new Map<string, { left: number; open: number[] }>();
  const total = hosts.length * perHost;
  const gapMs = 1000 / o.rate;
  const started = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const host = hosts[Math.floor(i / perHost)] as string;
      const port = o.ports[i % perHost] as number;
      const due = started + i * gapMs - Date.now();
      if (due > 1) await new Promise((r) => setTimeout(r, due));
      const open = await tryConnect(host, port, o.connectTimeoutMs, o.retries);
      const state = pending.get(host) ?? { left: perHost, open: [] };
      if (open) state.open.push(port);
      if (--state.left === 0) {
        pending.delete(host);
        onHost(
          host,
          state.open.sort((a, b) => a - b),
        );
      } else pending.set(host, state);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, total) }, worker));
}
