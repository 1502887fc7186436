import {
  defaultPorts,
  defaultRetries,
  identifyHost,
  runScan,
  type ScanOptions,
} from '../../netaudit/index.js';
import { dbOption, defineCommand, jsonOption } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { progressBar } from '../progress.js';
import { planScan } from '../scan-plan.js';
import { failExitCode, failOnOption, outputOptions, saveRun, writeHosts } from '../scan-output.js';
import { openStoreForWriting } from '../store-context.js';

const options = {
  ...jsonOption,
  ...outputOptions,
  ports: {
    type: 'string',
    value: 'LIST',
    description: `ports to probe, e.g. 80,554,8000-8010 (default ${defaultPorts.join(',')})`,
  },
  'targets-file': { type: 'string', value: 'FILE', description: 'one target a line (# comments)' },
  concurrency: {
    type: 'integer',
    value: 'N',
    min: 1,
    default: 256,
    description: 'hosts probed at once',
  },
  rate: {
    type: 'integer',
    value: 'N',
    min: 1,
    default: 20000,
    description: 'TCP connects per second at most',
  },
  timeout: {
    type: 'integer',
    value: 'MS',
    min: 1,
    default: 1500,
    description: 'per-probe timeout',
  },
  'connect-timeout': {
    type: 'integer',
    value: 'MS',
    min: 1,
    default: 1000,
    description: 'TCP connect timeout',
  },
  retries: {
    type: 'integer',
    value: 'N',
    min: 0,
    max: 5,
    default: defaultRetries,
    description: 'further tries of a probe whose connection was reset, refused or never made',
  },
  'no-udp': {
    type: 'boolean',
    description: 'skip the UDP discovery probes (unicast and multicast)',
  },
  'no-multicast': {
    type: 'boolean',
    description: 'skip multicast and broadcast discovery on the local links',
  },
  'snmp-community': {
    type: 'string',
    value: 'C',
    description: 'opt-in: read sysDescr and sysObjectID with community C (never guessed)',
  },
  'device-user': {
    type: 'string',
    value: 'NAME',
    description: 'opt-in: read ISAPI / ONVIF device information as NAME (see above)',
  },
  'device-password-file': {
    type: 'string',
    value: 'FILE',
    description: 'the password for --device-user (first line of FILE)',
  },
  'device-password': {
    type: 'string',
    value: 'PASSWORD',
    hidden: true,
    description: 'refused: use a file',
  },
  'allow-basic-auth': {
    type: 'boolean',
    description: 'answer a Basic-only ISAPI challenge, over TLS only (never over plain HTTP)',
  },
  authorized: {
    type: 'boolean',
    description: 'you are authorised to scan the public addresses named',
  },
  ...failOnOption,
  ...dbOption,
  'no-save': { type: 'boolean', description: 'do not save the scan in the store' },
  'as-of': {
    type: 'string',
    value: 'YYYY-MM-DD',
    description: 'the day restrictions are judged on (default today)',
  },
} as const;

export const netScan = defineCommand({
  path: ['net', 'scan'],
  summary: 'find covered surveillance equipment on networks you run (read-only probes)',
  args: '<targets…>',
  description: `Targets: IPs, ranges (192.168.1.10-50), CIDR blocks (192.168.1.0/24), host names, --targets-file.
Probes are read-only: TCP connect on the camera ports, HTTP GET / and the favicon, the TLS
certificate, RTSP OPTIONS/DESCRIBE, the Hikvision SDK port's greeting, and SADP, DHIP, DVRIP
(UDP 5050), WS-Discovery and SSDP discovery: unicast to each host, and multicast (DVRIP: the
link's broadcast address) on the local links that hold the targets. No credentials are tried
unless you give them, no exploit is sent, nothing is changed. Public address space is refused
unless you pass --authorized. A probe whose connection is reset or times out is tried again
(--retries) before it counts as unanswered.

Opt-in device information with your own credential: --device-user NAME, and the password from
--device-password-file FILE (first line) or the SOUSVEIL_DEVICE_PASSWORD environment variable,
never as an argument (others can read it with ps). Exactly this one pair is sent, once per device
service: GET /ISAPI/System/deviceInfo with HTTP Digest to hosts that look like Hikvision (ISAPI),
GetDeviceInformation with a WS-Security UsernameToken digest to hosts that answered WS-Discovery
(ONVIF). A refusal is reported on the host ("credentials refused") and never retried; no other
name or password is ever tried. The password is never printed or stored.

Every scan is saved in the store (--no-save to skip). Exit 3 when --fail-on finds what it names.`,
  options,
  run: async ({ positionals, flags, io }) => {
    const plan = planScan(positionals, flags, io, process.env);
    const kb = await kbOrThrow();
    const store = flags['no-save'] ? undefined : await openStoreForWriting(flags.db);
    try {
      const startedAt = new Date().toISOString();
      const bar = progressBar(io, 'scanning');
      const observed = await runScan({
        ...scanOptions(flags, plan),
        ...(plan.credential === undefined
          ? {}
          : {
              deviceAuth: {
                credential: plan.credential,
                allowBasicAuth: flags['allow-basic-auth'],
                kb,
                asOf: plan.asOf,
              },
            }),
        onProgress: (p) => bar.update(p.hostsDone, p.hostsTotal, p.devicesFound, p.elapsedMs),
      });
      bar.end();
      const hosts = observed.map((h) => identifyHost(kb, h, plan.asOf));
      const params = { targets: plan.specs, ports: plan.ports, hostsScanned: plan.total };
      const id =
        store === undefined ? undefined : await saveRun(store, 'scan', startedAt, params, hosts);
      const scan = { id, kind: 'scan', startedAt, finishedAt: new Date().toISOString(), ...params };
      writeHosts(io, flags, { scan }, hosts, kb, plan.specs);
      return failExitCode(hosts, flags['fail-on']);
    } finally {
      await store?.close();
    }
  },
});

type ScanFlags = {
  [K in 'concurrency' | 'rate' | 'timeout' | 'connect-timeout' | 'retries']: number;
} & {
  'no-udp': boolean;
  'no-multicast': boolean;
  authorized: boolean;
  'snmp-community'?: string | undefined;
};

function scanOptions(
  flags: ScanFlags,
  plan: { targets: ScanOptions['targets']; ports: number[] },
): ScanOptions {
  return {
    targets: plan.targets,
    ports: plan.ports,
    concurrency: flags.concurrency,
    rate: flags.rate,
    connectTimeoutMs: flags['connect-timeout'],
    probeTimeoutMs: flags.timeout,
    hostTimeoutMs: flags.timeout * 4 + 2000,
    retries: flags.retries,
    maxBytes: 64 * 1024,
    udp: !flags['no-udp'],
    multicast: !flags['no-udp'] && !flags['no-multicast'],
    udpWindowMs: 800,
    authorized: flags.authorized,
    ...(flags['snmp-community'] !== undefined ? { snmpCommunity: flags['snmp-community'] } : {}),
  };
}
