// The scanner's flags and how they drive a scan, shared by `net scan` and `agent run`: one
// declaration, so both send the same read-only probes and refuse the same things.
import type { Kb } from '../kb/index.js';
import {
  defaultPorts,
  defaultRetries,
  identifyHost,
  runScan,
  type HostVerdict,
  type ScanOptions,
  type ScanProgress,
} from '../netaudit/index.js';
import type { OptionSpecs } from './command.js';
import type { ScanPlan } from './scan-plan.js';

/** What is probed and how fast: ports, timeouts, rate, opt-in reads, and `--authorized`. */
export const probeOptions = {
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
} as const satisfies OptionSpecs;

type ScanFlags = {
  [K in 'concurrency' | 'rate' | 'timeout' | 'connect-timeout' | 'retries']: number;
} & {
  'no-udp': boolean;
  'no-multicast': boolean;
  authorized: boolean;
  'snmp-community'?: string | undefined;
};

export function scanOptions(
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

/** Probes the plan's targets (with the device credential, when given) and identifies each host. */
export async function probeAndIdentify(
  plan: ScanPlan,
  flags: ScanFlags & { 'allow-basic-auth': boolean },
  kb: Kb,
  onProgress: (p: ScanProgress) => void,
): Promise<HostVerdict[]> {
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
    onProgress,
  });
  return observed.map((h) => identifyHost(kb, h, plan.asOf));
}
