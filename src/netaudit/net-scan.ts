import { lookup } from 'node:dns/promises';
import { UserError } from '../shared/errors.js';
import type { HostObservations, Observation } from './observation.js';
import { parseDiscoveryReply } from './parse/discovery.js';
import { probeService } from './probe-services.js';
import { exchange } from './probe-tcp.js';
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
  udp: boolean;
  udpWindowMs: number;
  authorized: boolean;
  onProgress?: (p: ScanProgress) => void;
}

/** The camera port set: web, RTSP, the Hikvision SDK port, Xiongmai and Dahua SDK ports, TLS. */
export const defaultPorts: readonly number[] = [80, 443, 554, 8000, 8080, 8443, 34567, 37777];

/** Probes every target read-only and returns what was seen about each responsive host. */
export async function runScan(o: ScanOptions): Promise<HostObservations[]> {
  const hosts = await expandHosts(o.targets, o.authorized);
  const started = Date.now();
  const results = new Map<string, Observation[]>();
  const limiter = rateLimiter(o.rate);
  let done = 0;
  let found = 0;
  let next = 0;
  const tick = (): void =>
    o.onProgress?.({
      hostsDone: done,
      hostsTotal: hosts.length,
      devicesFound: found,
      elapsedMs: Date.now() - started,
    });
  const ticker = setInterval(tick, 250);
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const host = hosts[next++] as string;
      const obs = await withDeadline(probeHost(host, o, limiter), o.hostTimeoutMs, []);
      if (obs.length > 0) {
        results.set(host, obs);
        found++;
      }
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, hosts.length) }, worker));
    if (o.udp && results.size > 0) await addDiscovery(results, o);
  } finally {
    clearInterval(ticker);
    tick();
  }
  return [...results].map(([address, observations]) => ({ address, observations }));
}

async function probeHost(
  host: string,
  o: ScanOptions,
  limiter: () => Promise<void>,
): Promise<Observation[]> {
  const open: number[] = [];
  await Promise.all(
    o.ports.map(async (port) => {
      await limiter();
      const r = await exchange(host, port, { timeoutMs: o.connectTimeoutMs, maxBytes: 0 });
      if (r.status === 'open') open.push(port);
    }),
  );
  if (open.length === 0) return [];
  open.sort((a, b) => a - b);
  const obs: Observation[] = open.map((port) => ({
    kind: 'open-port',
    source: 'tcp-connect',
    port,
    protocol: 'tcp',
  }));
  const services = await Promise.all(
    open.map((port) =>
      probeService(host, port, { timeoutMs: o.probeTimeoutMs, maxBytes: o.maxBytes }),
    ),
  );
  return [...obs, ...services.flat()];
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

function withDeadline<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    void p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/** A token bucket: at most `perSecond` calls pass each second, in bursts of up to a tenth of that. */
function rateLimiter(perSecond: number): () => Promise<void> {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return () => Promise.resolve();
  const burst = Math.max(1, perSecond / 10);
  let tokens = burst;
  let last = Date.now();
  return async function take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      tokens = Math.min(burst, tokens + ((now - last) * perSecond) / 1000);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) * 1000) / perSecond)));
    }
  };
}
