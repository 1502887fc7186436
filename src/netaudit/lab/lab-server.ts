// `sousveil lab`: emulated surveillance devices on 127.0.0.0/8 for demos, tests and benchmarks.
// Each device gets its own loopback address, TCP servers and UDP discovery sockets.
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { UserError } from '../../shared/errors.js';
import { parseLabBase, pickLabAddresses } from './addresses.js';
import { deviceProfiles, findProfile, profileIds } from './devices.js';
import { randomInt, randomMac, randomUuid, seededRng } from './rng.js';
import { createDeviceServer, type LabTracker } from './serve-tcp.js';
import { createDeviceSocket } from './serve-udp.js';
import type {
  DeviceContext,
  DeviceProfile,
  GroundTruth,
  RequestHead,
  Rng,
  TcpService,
} from './types.js';
import { labCredential, type LabCredential } from './wire-auth.js';

export interface LabOptions {
  /** CIDR inside 127.0.0.0/8, e.g. `127.77.0.0/16`. */
  base: string;
  /** How many devices, spread round-robin over the profiles; default one per profile. */
  devices?: number;
  /** Profile ids to use; default all (see `profileIds`). */
  profiles?: string[];
  /** Seeds addresses, profile placement, MACs and serials; default 1. */
  seed?: number;
  /** Nominal port -> port to bind, e.g. `highPortMap` for a user who is not root. */
  ports?: Partial<Record<string, number>>;
  /** Lab-wide cap on open TCP connections; default 4096. */
  maxConnections?: number;
  /** The credential every device accepts on its authenticated surfaces; default `labCredential`. */
  credential?: LabCredential;
  /** Sees every request head (and body) a device answers, e.g. for tests of what a scanner sent. */
  onRequest?: (address: string, port: number, req: RequestHead) => void;
}

export interface LabDevice {
  address: string;
  profile: string;
  truth: GroundTruth;
  /** Nominal port ("80") -> port actually bound. */
  ports: Record<string, number>;
  /** Bound ports by protocol. */
  tcp: number[];
  udp: number[];
  mac: string;
  serial: string;
}

/** What `groundTruth()` returns: JSON-able, stable for a seed. */
export interface LabGroundTruth {
  base: string;
  seed: number;
  devices: LabDevice[];
}

export interface Lab {
  devices: LabDevice[];
  groundTruth: () => LabGroundTruth;
  /** Ends every connection, closes every server and socket; safe to call twice. */
  close: () => Promise<void>;
}

/** Remaps the privileged ports to the high ports netaudit also probes, for users who are not root. */
export const highPortMap: Readonly<Record<string, number>> = {
  '80': 8080,
  '443': 8443,
  '554': 8554,
};

/** Most devices one lab may hold (about six sockets each). */
export const maxLabDevices = 2000;

function chooseProfiles(options: LabOptions): DeviceProfile[] {
  const ids = options.profiles ?? profileIds;
  if (ids.length === 0) throw new UserError('no lab profiles given');
  return ids.map((id) => {
    const p = findProfile(id);
    if (p === undefined)
      throw new UserError(`unknown lab profile "${id}"; known: ${profileIds.join(', ')}`);
    return p;
  });
}

function checkPortMap(map: Partial<Record<string, number>>): void {
  for (const [from, to] of Object.entries(map)) {
    const ok = (n: unknown): boolean =>
      Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;
    if (!/^\d+$/.test(from) || !ok(Number(from)) || !ok(to)) {
      throw new UserError(
        `lab port map entry ${from} -> ${String(to)} is not a pair of ports 1-65535`,
      );
    }
  }
}

function portsFor(
  profile: DeviceProfile,
  map: Partial<Record<string, number>>,
): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const nominal of [...Object.keys(profile.tcp), ...Object.keys(profile.udp)]) {
    ports[nominal] = map[nominal] ?? Number(nominal);
  }
  const tcp = Object.keys(profile.tcp).map((k) => ports[k]);
  const udp = Object.keys(profile.udp).map((k) => ports[k]);
  if (new Set(tcp).size !== tcp.length || new Set(udp).size !== udp.length) {
    throw new UserError(`lab port map makes two ports of profile ${profile.id} collide`);
  }
  return ports;
}

/** A device before binding: its public description plus what the servers need. */
type PlannedDevice = LabDevice & { rng: Rng; uuid: string; spec: DeviceProfile };

/** Lays out devices: addresses, profiles (shuffled by the seed) and identities. */
function planDevices(options: LabOptions): PlannedDevice[] {
  const profiles = chooseProfiles(options);
  const count = options.devices ?? profiles.length;
  if (!Number.isInteger(count) || count < 1 || count > maxLabDevices) {
    throw new UserError(
      `lab devices must be a whole number from 1 to ${maxLabDevices}, not ${count}`,
    );
  }
  const map = options.ports ?? {};
  checkPortMap(map);
  const rng = seededRng(options.seed ?? 1);
  const addresses = pickLabAddresses(parseLabBase(options.base), count, rng);
  const order = Array.from(
    { length: count },
    (_, i) => profiles[i % profiles.length] ?? deviceProfiles[0],
  );
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return addresses.map((address, i) => {
    const spec = order[i] as DeviceProfile;
    const deviceRng = seededRng(randomInt(rng, 2 ** 32));
    const ports = portsFor(spec, map);
    return {
      address,
      profile: spec.id,
      truth: spec.truth,
      ports,
      tcp: Object.keys(spec.tcp).map((k) => ports[k] ?? 0),
      udp: Object.keys(spec.udp).map((k) => ports[k] ?? 0),
      mac: randomMac(deviceRng, spec.oui),
      serial: spec.makeSerial(deviceRng),
      uuid: randomUuid(deviceRng),
      rng: deviceRng,
      spec,
    };
  });
}

function bindError(address: string, port: number, protocol: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
  const where = `${address}:${port}/${protocol}`;
  const why: Record<string, string> = {
    EACCES: `ports below 1024 need root; run as root or remap them, e.g. ports ${JSON.stringify(highPortMap)}`,
    EADDRINUSE:
      'the port is already in use on that address (another lab, or a service bound to 0.0.0.0?)',
    EADDRNOTAVAIL:
      'the address is not configured; Linux routes all of 127.0.0.0/8 to lo, other systems need an alias (macOS: ifconfig lo0 alias <address>)',
    EMFILE: 'too many open files; lower the device count or raise `ulimit -n`',
  };
  return new UserError(`lab cannot bind ${where}: ${why[code] ?? code}`, { cause: e });
}

function listenTcp(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e) => reject(bindError(address, port, 'tcp', e)));
    server.listen({ host: address, port, exclusive: true }, () => resolve());
  });
}

function bindUdp(socket: UdpSocket, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', (e) => reject(bindError(address, port, 'udp', e)));
    socket.bind({ address, port, exclusive: true }, () => resolve());
  });
}

/** Everything a running lab holds open. */
interface LabResources {
  tracker: LabTracker;
  servers: Server[];
  udpSockets: UdpSocket[];
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise<void>((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // never bound
    }
  });
}

/** Ends every connection and timer, then closes every server and socket. */
async function closeAll(r: LabResources): Promise<void> {
  for (const t of r.tracker.timers) clearTimeout(t);
  r.tracker.timers.clear();
  for (const s of r.tracker.sockets) s.destroy();
  await Promise.all([
    ...r.servers.map(
      (s) => new Promise<void>((done) => (s.listening ? s.close(() => done()) : done())),
    ),
    ...r.udpSockets.map(closeUdp),
  ]);
}

/** Creates each device's servers and sockets; returns the bind steps, not yet run. */
function createResources(
  planned: PlannedDevice[],
  r: LabResources,
  options: LabOptions,
): Array<() => Promise<void>> {
  const binds: Array<() => Promise<void>> = [];
  const credential = options.credential ?? labCredential;
  for (const device of planned) {
    const context = (): DeviceContext => ({ ...device, credential, now: new Date() });
    const bound = (nominal: string): number => device.ports[nominal] ?? Number(nominal);
    for (const [nominal, service] of Object.entries(device.spec.tcp)) {
      const port = bound(nominal);
      const watched = recorded(service, (req) => options.onRequest?.(device.address, port, req));
      const server = createDeviceServer(watched, context, r.tracker);
      r.servers.push(server);
      binds.push(() => listenTcp(server, device.address, bound(nominal)));
    }
    for (const [nominal, service] of Object.entries(device.spec.udp)) {
      const socket = createDeviceSocket(service, context);
      r.udpSockets.push(socket);
      binds.push(() => bindUdp(socket, device.address, bound(nominal)));
    }
  }
  return binds;
}

/** A request service that reports each request to `see` before answering it. */
function recorded(service: TcpService, see: (req: RequestHead) => void): TcpService {
  if (service.kind !== 'request') return service;
  return {
    ...service,
    respond: (req, d) => {
      see(req);
      return service.respond(req, d);
    },
  };
}

/** Starts the lab: every device bound and answering before the promise resolves. */
export async function startLab(options: LabOptions): Promise<Lab> {
  const planned = planDevices(options);
  const tracker: LabTracker = {
    sockets: new Set(),
    timers: new Set(),
    maxConnections: options.maxConnections ?? 4096,
  };
  const resources: LabResources = { tracker, servers: [], udpSockets: [] };
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= closeAll(resources));
  const binds = createResources(planned, resources, options);
  // In batches, so a large lab does not open thousands of sockets in one tick. allSettled: a
  // failed bind must not leave its siblings binding after close() has run.
  for (let i = 0; i < binds.length; i += 256) {
    const results = await Promise.allSettled(binds.slice(i, i + 256).map((b) => b()));
    const failed = results.find((x) => x.status === 'rejected');
    if (failed !== undefined) {
      await close();
      throw failed.reason;
    }
  }
  const devices: LabDevice[] = planned.map(
    ({ address, profile, truth, ports, tcp, udp, mac, serial }) => ({
      address,
      profile,
      truth,
      ports,
      tcp,
      udp,
      mac,
      serial,
    }),
  );
  const seed = options.seed ?? 1;
  return {
    devices,
    groundTruth: () =>
      JSON.parse(JSON.stringify({ base: options.base, seed, devices })) as LabGroundTruth,
    close,
  };
}
