import { formatLabTable, highPortMap, labCredential, startLab } from '../../netaudit/lab/index.js';
import { UserError } from '../../shared/errors.js';
import { jsonOption, writeJson, type Command } from '../command.js';

export const lab: Command = {
  path: ['lab'],
  summary:
    'emulate Hikvision, Dahua, OEM, control and misbehaving devices on loopback for demos and tests',
  usage: `Usage: sousveil lab [--base 127.77.0.0/16] [--devices N] [--seed N] [--high-ports] [--json]

Starts emulated devices on loopback addresses (127.0.0.0/8 only) and keeps them running until
Ctrl-C. Scan them from another terminal: sousveil net scan <base>. Ports below 1024 need root;
--high-ports maps 80->8080, 443->8443, 554->8554 (ports the scanner also probes).

The Hikvision and Dahua devices answer ISAPI deviceInfo and ONVIF GetDeviceInformation for one
fixed demo credential, printed at start (user ${labCredential.user}, password ${labCredential.password}); try it with
net scan --device-user ${labCredential.user} and SOUSVEIL_DEVICE_PASSWORD set. Anything else gets 401.`,
  options: {
    ...jsonOption,
    base: { type: 'string', default: '127.77.0.0/16' },
    devices: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'high-ports': { type: 'boolean', default: false },
  },
  run: async ({ flags, io }) => {
    const base = String(flags.base);
    if (!base.startsWith('127.'))
      throw new UserError(`--base: "${base}" is not in 127.0.0.0/8; the lab only uses loopback`);
    const running = await startLab({
      base,
      ...(typeof flags.devices === 'string' ? { devices: Number(flags.devices) } : {}),
      seed: Number(flags.seed),
      ...(flags['high-ports'] === true ? { ports: highPortMap } : {}),
    });
    if (flags.json === true) writeJson(io, running.groundTruth());
    else io.stdout.write(formatLabTable(running));
    io.stderr.write(
      `lab running: ${running.devices.length} devices on ${base}; scan with: npx sousveil net scan ${base}\n` +
        `lab device credential (a fixed demo value): user ${labCredential.user}, password ${labCredential.password}\n` +
        `  SOUSVEIL_DEVICE_PASSWORD=${labCredential.password} npx sousveil net scan ${base} --device-user ${labCredential.user}\n` +
        'Ctrl-C to stop\n',
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return 0;
  },
};
