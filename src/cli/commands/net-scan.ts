import { readFileSync } from 'node:fs';
import {
  countTargets,
  defaultPorts,
  firstPublicTarget,
  identifyHost,
  maxTargets,
  parseTarget,
  runScan,
} from '../../netaudit/index.js';
import { UserError } from '../../shared/errors.js';
import { jsonOption, type Command, type Flags } from '../command.js';
import { deviceCredential } from '../device-credential.js';
import { kbOrThrow } from '../kb-context.js';
import { progressBar } from '../progress.js';
import { failExitCode, saveRun, writeHosts } from '../scan-output.js';
import { openStoreForWriting } from '../store-context.js';

export const netScan: Command = {
  path: ['net', 'scan'],
  summary: 'find covered surveillance equipment on networks you run (read-only probes)',
  usage: `Usage: sousveil net scan <targets…> [options]

Targets: IPs, ranges (192.168.1.10-50), CIDR blocks (192.168.1.0/24), host names, --targets-file.
Probes are read-only: TCP connect on the camera ports, HTTP GET / and the favicon, the TLS
certificate, RTSP OPTIONS/DESCRIBE, the Hikvision SDK port's greeting, and SADP, DHIP, DVRIP
(UDP 5050), WS-Discovery and SSDP discovery: unicast to each host, and multicast (DVRIP: the
link's broadcast address) on the local links that hold the targets. No credentials are tried
unless you give them, no exploit is sent, nothing is changed. Public address space is refused
unless you pass --authorized.

Opt-in device information with your own credential: --device-user NAME, and the password from
--device-password-file FILE (first line) or the SOUSVEIL_DEVICE_PASSWORD environment variable,
never as an argument (others can read it with ps). Exactly this one pair is sent, once per device
service: GET /ISAPI/System/deviceInfo with HTTP Digest to hosts that look like Hikvision (ISAPI),
GetDeviceInformation with a WS-Security UsernameToken digest to hosts that answered WS-Discovery
(ONVIF). A refusal is reported on the host ("credentials refused") and never retried; no other
name or password is ever tried. The password is never printed or stored.

Options:
  --ports LIST          ports to probe (default ${defaultPorts.join(',')})
  --targets-file FILE   one target a line (# comments)
  --concurrency N       hosts probed at once (default 256)
  --rate N              TCP connects per second at most (default 20000)
  --timeout MS          per-probe timeout (default 1500); --connect-timeout MS (default 1000)
  --no-udp              skip the UDP discovery probes (unicast and multicast)
  --no-multicast        skip multicast and broadcast discovery on the local links of the targets
  --snmp-community C    opt-in: read sysDescr and sysObjectID with community C (never guessed)
  --device-user NAME    opt-in: read ISAPI / ONVIF device information as NAME (see above)
  --device-password-file FILE   the password for --device-user (first line of FILE)
  --allow-basic-auth    answer a Basic-only ISAPI challenge, over TLS only (Digest is preferred;
                        Basic over plain HTTP is never sent: it would carry the password in clear)
  --authorized          you are authorised to scan the public addresses named
  --fail-on WHAT        exit 3 when covered (default) | any | never is found
  --db FILE             store the scan in FILE (default ./sousveil.db); --no-save to skip
  --json | --csv        machine output (default: a table)
  --html                a self-contained, printable compliance report`,
  options: {
    ...jsonOption,
    csv: { type: 'boolean', default: false },
    html: { type: 'boolean', default: false },
    ports: { type: 'string' },
    'targets-file': { type: 'string' },
    concurrency: { type: 'string', default: '256' },
    rate: { type: 'string', default: '20000' },
    timeout: { type: 'string', default: '1500' },
    'connect-timeout': { type: 'string', default: '1000' },
    'no-udp': { type: 'boolean', default: false },
    'no-multicast': { type: 'boolean', default: false },
    'snmp-community': { type: 'string' },
    'device-user': { type: 'string' },
    'device-password-file': { type: 'string' },
    'device-password': { type: 'string' },
    'allow-basic-auth': { type: 'boolean', default: false },
    authorized: { type: 'boolean', default: false },
    'fail-on': { type: 'string', default: 'covered' },
    db: { type: 'string' },
    'no-save': { type: 'boolean', default: false },
    'as-of': { type: 'string' },
  },
  run: async ({ positionals, flags, io }) => {
    const specs = [...positionals, ...targetsFromFile(flags)];
    if (specs.length === 0) throw new UserError(`net scan needs targets\n\n${netScan.usage}`);
    const targets = specs.map(parseTarget);
    const total = countTargets(targets);
    if (total > maxTargets)
      throw new UserError(`the targets name ${total} hosts; at most ${maxTargets} per scan`);
    const pub = firstPublicTarget(targets);
    if (pub && flags.authorized !== true) {
      throw new UserError(
        `target "${pub.spec}" is public address space; pass --authorized if you are authorised to scan it`,
      );
    }
    const ports = parsePorts(flags.ports);
    const credential = deviceCredential(flags, process.env);
    const kb = await kbOrThrow();
    const asOf = typeof flags['as-of'] === 'string' ? flags['as-of'] : io.today();
    const startedAt = new Date().toISOString();
    const bar = progressBar(io, 'scanning');
    const observed = await runScan({
      targets,
      ports,
      concurrency: positiveInt(flags.concurrency, '--concurrency'),
      rate: positiveInt(flags.rate, '--rate'),
      connectTimeoutMs: positiveInt(flags['connect-timeout'], '--connect-timeout'),
      probeTimeoutMs: positiveInt(flags.timeout, '--timeout'),
      hostTimeoutMs: positiveInt(flags.timeout, '--timeout') * 4 + 2000,
      maxBytes: 64 * 1024,
      udp: flags['no-udp'] !== true,
      multicast: flags['no-udp'] !== true && flags['no-multicast'] !== true,
      udpWindowMs: 800,
      authorized: flags.authorized === true,
      ...(typeof flags['snmp-community'] === 'string'
        ? { snmpCommunity: flags['snmp-community'] }
        : {}),
      ...(credential === undefined
        ? {}
        : {
            deviceAuth: {
              credential,
              allowBasicAuth: flags['allow-basic-auth'] === true,
              kb,
              asOf,
            },
          }),
      onProgress: (p) => bar.update(p.hostsDone, p.hostsTotal, p.devicesFound, p.elapsedMs),
    });
    bar.end();
    const hosts = observed.map((h) => identifyHost(kb, h, asOf));
    const params = { targets: specs, ports, hostsScanned: total };
    let id: number | undefined;
    if (flags['no-save'] !== true) {
      const store = openStoreForWriting(flags.db);
      id = await saveRun(store, 'scan', startedAt, params, hosts);
      await store.close();
    }
    const run = {
      scan: { id, kind: 'scan', startedAt, finishedAt: new Date().toISOString(), ...params },
    };
    writeHosts(io, flags, run, hosts, kb, specs);
    return failExitCode(hosts, String(flags['fail-on']));
  },
};

function targetsFromFile(flags: Flags): string[] {
  const file = flags['targets-file'];
  if (typeof file !== 'string') return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`--targets-file: cannot read ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}

function parsePorts(v: Flags[string]): number[] {
  if (typeof v !== 'string') return [...defaultPorts];
  const ports = v.split(',').map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new UserError(`--ports: "${p}" is not a port (1-65535)`);
    return n;
  });
  return [...new Set(ports)];
}

function positiveInt(v: Flags[string], name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`${name}: "${String(v)}" is not a positive whole number`);
  return n;
}
