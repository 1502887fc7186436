import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError } from '../shared/errors.js';
import type { HostObservations, Observation } from './observation.js';
import { parseDiscoveryReply } from './parse/discovery.js';
import { parseProcArp } from './parse/proc-arp.js';
import { discoverMulticast, linksForTargets } from './probe-multicast.js';
import { addDeviceInfo, type DeviceAuthOptions } from './probe-device-auth.js';
import { probeService } from './probe-services.js';
import { snmpProbe } from './probe-snmp.js';
import { sweep, type SweepOptions } from './net-sweep.js';
import type { SweepMessage, SweepRequest } from './net-sweep-worker.js';
import { withDeadline } from './probe-tcp.js';
import { discoverUnicast } from './probe-udp.js';
import {
  countTargets,
  ipv4Addresses,
  isPublicIpv4,
  isPublicIpv6,
  ipv4ToNumber,
  type Target,
} from './targets.js';

export interface ScanProgress {
  hostsDone: number;
  hostsTotal: number;
  devicesFound: number;
  elapsedMs: number;
}

export interface ScanOptions {
  targets: readonly Target[];
  ports: readonly number[];
  /** Hosts probed at once. */
  concurrency: number;
  /** TCP connection attempts per second at most. */
  rate: number;
  connectTimeoutMs: number;
  probeTimeoutMs: number;
  /** Time one host may take for all its probes. */
  hostTimeoutMs: number;
  maxBytes: number;
  /**
   * Further tries of a probe whose connection was reset, refused or never made, and of a sweep
   * connect that was reset (default `defaultRetries`): a flaky device reads the same each run.
   */
  retries?: number;
  udp: boolean;
  /** Multicast discovery on the local links that hold the targets. */
  multicast: boolean;
  udpWindowMs: number;
  /** Opt-in SNMP read with this community; never guessed. */
  snmpCommunity?: string;
  /** Opt-in ISAPI / ONVIF device-information read with the one credential pair the user gave. */
  deviceAuth?: DeviceAuthOptions;
  authorized: boolean;
  onProgress?: (p: ScanProgress) => void;
}

/** Further tries of a reset or failed connection unless the caller says otherwise. */
export const defaultRetries = 2;

/** The camera port set: web, RTSP, the Hikvision SDK port, Xiongmai and Dahua SDK ports, TLS. */
export const defaultPorts: readonly number[] = [80, 443, 554, 8000, 8080, 8443, 34567, 37777];

/** Probes every target read-only and returns what was seen about each responsive host. */
export async function runScan(o: ScanOptions): Promise<HostObservations[]> {
  const hosts = await expandHosts(o.targets, o.authorized);
  const started = Date.now();
  const results = new Map<string, Observation[]>();
  let done = 0;
  const tick = (): void =>
    o.onProgress?.({
      hostsDone: done,
      hostsTotal: hosts.length,
      devicesFound: results.size,
      elapsedMs: Date.now() - started,
    });
  const ticker = setInterval(tick, 250);
  const probes = pool(o.concurrency);
  const onHost = (host: string, open: number[]): void => {
    done++;
    if (open.length === 0) return;
    const ports: Observation[] = open.map((port) => ({
      kind: 'open-port',
      source: 'tcp-connect',
      port,
      protocol: 'tcp',
    }));
    results.set(host, ports);
    probes.run(async () => {
      const seen = await withDeadline(probeServices(host, open, o), o.hostTimeoutMs, []);
      results.get(host)?.push(...seen);
    });
  };
  const sweepOptions = {
    ports: o.ports,
    concurrency: o.concurrency * 4,
    connectTimeoutMs: o.connectTimeoutMs,
    rate: o.rate,
    retries: o.retries ?? defaultRetries,
  };
  try {
    if (workersAvailable() && hosts.length >= 4096) {
      await sweepInWorkers(hosts, sweepOptions, onHost, (n) => (done += n));
    } else {
      await sweep(hosts, sweepOptions, onHost);
    }
    await probes.idle();
    if (o.udp && results.size > 0) await addDiscovery(results, o);
    if (o.multicast) await addMulticast(results, o);
    if (o.snmpCommunity !== undefined && results.size > 0) {
      for (const [host, seen] of await snmpProbe(
        [...results.keys()],
        o.snmpCommunity,
        o.udpWindowMs,
      ))
        results.get(host)?.push(seen);
    }
    if (o.deviceAuth !== undefined)
      await addDeviceInfo(results, { ...o.deviceAuth, ...probeBounds(o) });
    addNeighbourMacs(results);
  } finally {
    clearInterval(ticker);
    tick();
  }
  return [...results].map(([address, observations]) => ({ address, observations }));
}

function probeBounds(o: ScanOptions) {
  const { probeTimeoutMs: timeoutMs, maxBytes, concurrency, hostTimeoutMs } = o;
  return { timeoutMs, maxBytes, concurrency, hostTimeoutMs };
}

async function probeServices(
  host: string,
  open: readonly number[],
  o: ScanOptions,
): Promise<Observation[]> {
  const seen = await Promise.all(
    open.map((port) =>
      probeService(host, port, {
        timeoutMs: o.probeTimeoutMs,
        maxBytes: o.maxBytes,
        retries: o.retries ?? defaultRetries,
      }),
    ),
  );
  return seen.flat();
}

/** Worker threads run only from the compiled package (a .ts source cannot be a worker without a loader). */
function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

/** Splits the sweep over one worker thread per core; each reports hosts with open ports as it goes. */
async function sweepInWorkers(
  hosts: readonly string[],
  options: SweepOptions,
  onHost: (host: string, open: number[]) => void,
  onClosed: (n: number) => void,
): Promise<void> {
  const n = Math.max(1, Math.min(availableParallelism(), 8));
  const share = Math.ceil(hosts.length / n);
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const slice = hosts.slice(i * share, (i + 1) * share);
      const request: SweepRequest = {
        hosts: slice,
        options: {
          ...options,
          rate: options.rate / n,
          concurrency: Math.ceil(options.concurrency / n),
        },
      };
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./net-sweep-worker.js', import.meta.url), {
          workerData: request,
        });
        worker.on('message', (m: SweepMessage) => {
          if (m.type === 'host') onHost(m.host, m.open);
          else if (m.type === 'progress') onClosed(m.hosts);
          else void worker.terminate().then(() => resolve());
        });
        worker.once('error', reject);
      });
    }),
  );
}

/** Runs tasks with at most `limit` at once; `idle` waits for all started ones. */
function pool(limit: number): {
  run: (task: () => Promise<void>) => void;
  idle: () => Promise<void>;
} {
  let active = 0;
  const queue: Array<() => Promise<void>> = [];
  const waiting: Array<() => void> = [];
  const pump = (): void => {
    while (active < limit && queue.length > 0) {
      const task = queue.shift() as () => Promise<void>;
      active++;
      void task().finally(() => {
        active--;
        pump();
        if (active === 0 && queue.length === 0) for (const w of waiting.splice(0)) w();
      });
    }
  };
  return {
    run(task) {
      queue.push(task);
      pump();
    },
    idle: () =>
      active === 0 && queue.length === 0 ? Promise.resolve() : new Promise((r) => waiting.push(r)),
  };
}

/** MACs of on-link hosts from the kernel's neighbour table (Linux); off-link hosts have none there. */
function addNeighbourMacs(results: Map<string, Observation[]>): void {
  let text: string;
  try {
    text = readFileSync('/proc/net/arp', 'utf8');
  } catch {
    return;
  }
  for (const [address, mac] of parseProcArp(text))
    results.get(address)?.push({ kind: 'mac', source: 'neighbours', mac });
}

async function addMulticast(results: Map<string, Observation[]>, o: ScanOptions): Promise<void> {
  const inTargets = (address: string): boolean => {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(address)) return false;
    const n = ipv4ToNumber(address);
    return o.targets.some((t) => t.kind === 'ipv4' && n >= t.start && n <= t.end);
  };
  const replies = await discoverMulticast({
    links: linksForTargets(o.targets),
    windowMs: o.udpWindowMs,
    accept: inTargets,
  });
  for (const reply of replies) {
    const parsed = parseDiscoveryReply(reply.protocol, reply.data);
    if (!parsed.ok) continue;
    const seen = results.get(reply.address) ?? [];
    seen.push(...parsed.value);
    results.set(reply.address, seen);
  }
}

async function addDiscovery(results: Map<string, Observation[]>, o: ScanOptions): Promise<void> {
  const replies = await discoverUnicast({
    hosts: [...results.keys()],
    windowMs: o.udpWindowMs,
    rate: Math.max(o.rate, 1000),
  });
  for (const reply of replies) {
    const parsed = parseDiscoveryReply(reply.protocol, reply.data);
    if (parsed.ok) results.get(reply.address)?.push(...parsed.value);
  }
}

/** Expands targets to addresses, resolving names, and refuses public space unless authorised. */
async function expandHosts(targets: readonly Target[], authorized: boolean): Promise<string[]> {
  const out: string[] = [...ipv4Addresses(targets)];
  for (const t of targets) {
    if (t.kind === 'ipv6') out.push(t.address);
    if (t.kind !== 'name') continue;
    let address: string;
    try {
      address = (await lookup(t.name)).address;
    } catch (e) {
      throw new UserError(`target "${t.spec}": cannot resolve the name (${(e as Error).message})`, {
        cause: e,
      });
    }
    const pub = address.includes(':') ? isPublicIpv6(address) : isPublicIpv4(ipv4ToNumber(address));
    if (pub && !authorized) {
      throw new UserError(
        `target "${t.spec}" resolves to public address ${address}; pass --authorized if you are authorised to scan it`,
      );
    }
    out.push(address);
  }
  if (out.length !== countTargets(targets)) return [...new Set(out)];
  return out;
}
