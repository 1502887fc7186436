import { dbOption, defineCommand, jsonOption } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { progressBar } from '../progress.js';
import { probeAndIdentify, probeOptions } from '../scan-flags.js';
import { planScan } from '../scan-plan.js';
import { failExitCode, failOnOption, outputOptions, saveRun, writeHosts } from '../scan-output.js';
import { openStoreForWriting } from '../store-context.js';

const options = {
  ...jsonOption,
  ...outputOptions,
  ...probeOptions,
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
      const hosts = await probeAndIdentify(plan, flags, kb, (p) =>
        bar.update(p.hostsDone, p.hostsTotal, p.devicesFound, p.elapsedMs),
      );
      bar.end();
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
