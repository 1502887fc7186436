import { createServer } from 'node:net';
import { defaultPorts } from '../../netaudit/index.js';
import {
  deviceProfiles,
  formatLabTable,
  highPortMap,
  labCredential,
  maxLabDevices,
  startLab,
} from '../../netaudit/lab/index.js';
import { EnvironmentError, SousveilError, UserError } from '../../shared/errors.js';
import { defineCommand, jsonOption, writeJson, type Command } from '../command.js';
import { stopSignal } from '../stop-signal.js';

const defaultBase = '127.77.0.0/16';

/** What `sousveil lab` needs from the machine; tests pass their own. */
export interface LabEnvironment {
  /** Whether this process may listen on ports below 1024 (root, or a capability that allows it). */
  canBindLowPorts: () => Promise<boolean>;
}

/** The `sousveil lab` command over an environment (the real one in the registry). */
export function labCommand(env: LabEnvironment = { canBindLowPorts }): Command {
  return defineCommand({
    path: ['lab'],
    summary:
      'emulate Hikvision, Dahua, OEM, control and misbehaving devices on loopback for demos and tests',
    description: `Starts emulated devices on loopback addresses (127.0.0.0/8 only) and keeps them running until
Ctrl-C, then prints the \`sousveil net scan\` command that covers their ports. Ports below 1024
need root; --high-ports maps 80->8080, 443->8443, 554->8554.

The Hikvision and Dahua devices answer ISAPI deviceInfo and ONVIF GetDeviceInformation for one
fixed demo credential, printed at start (user ${labCredential.user}, password ${labCredential.password}); try it with
net scan --device-user ${labCredential.user} and SOUSVEIL_DEVICE_PASSWORD set. Anything else gets 401.`,
    options: {
      ...jsonOption,
      base: {
        type: 'string',
        value: 'CIDR',
        default: defaultBase,
        description: 'where the devices live',
      },
      devices: {
        type: 'integer',
        value: 'N',
        min: 1,
        max: maxLabDevices,
        description: 'how many (default one per profile)',
      },
      seed: {
        type: 'integer',
        value: 'N',
        default: 1,
        description: 'seeds addresses, MACs and serials',
      },
      'high-ports': {
        type: 'boolean',
        description: 'listen on 8080, 8443, 8554 instead of 80, 443, 554 (no root needed)',
      },
    },
    run: async ({ flags, io }) => {
      const { base } = flags;
      if (!base.startsWith('127.'))
        throw new UserError(`--base ${base}: not in 127.0.0.0/8`, {
          hint: 'the lab only uses loopback',
        });
      const highPorts = flags['high-ports'];
      if (!highPorts && !(await env.canBindLowPorts())) throw needsRoot(base);
      const running = await startLab({
        base,
        ...(flags.devices === undefined ? {} : { devices: flags.devices }),
        seed: flags.seed,
        ...(highPorts ? { ports: highPortMap } : {}),
      }).catch((e: unknown) => {
        throw isPermission(e) ? needsRoot(base) : e;
      });
      if (flags.json) writeJson(io, running.groundTruth());
      else io.stdout.write(formatLabTable(running));
      const scan = labScanCommand(
        base,
        running.devices.flatMap((d) => d.tcp),
      );
      io.stderr.write(
        `lab running: ${running.devices.length} devices on ${base}; scan with:\n  ${scan}\n` +
          `lab device credential (a fixed demo value): user ${labCredential.user}, password ${labCredential.password}\n` +
          `  SOUSVEIL_DEVICE_PASSWORD=${labCredential.password} ${scan} --device-user ${labCredential.user}\n` +
          'Ctrl-C to stop\n',
      );
      await stopSignal({ withParent: false });
      await running.close();
      return 0;
    },
  });
}

export const lab = labCommand();

/** The scan that covers the given lab ports: `--ports` only where the defaults miss some. */
export function labScanCommand(base: string, ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const covered = sorted.every((p) => defaultPorts.includes(p));
  return `npx sousveil net scan ${base}${covered ? '' : ` --ports ${sorted.join(',')}`}`;
}

/** Every TCP port the lab's devices listen on with --high-ports. */
export function highLabPorts(): number[] {
  return deviceProfiles.flatMap((p) =>
    Object.keys(p.tcp).map((nominal) => highPortMap[nominal] ?? Number(nominal)),
  );
}

function needsRoot(base: string): SousveilError {
  const where = base === defaultBase ? '' : ` --base ${base}`;
  return new EnvironmentError('lab: ports below 1024 need root', {
    hint: `run \`npx sousveil lab --high-ports${where}\` (80->8080, 443->8443, 554->8554), then scan with: ${labScanCommand(base, highLabPorts())}`,
  });
}

function isPermission(e: unknown): boolean {
  const cause = e instanceof Error ? (e.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'EACCES' || cause?.code === 'EPERM';
}

/** Tries to listen on a port below 1024 on loopback; in use still means allowed. */
function canBindLowPorts(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code !== 'EACCES' && e.code !== 'EPERM'),
    );
    server.listen({ host: '127.0.0.1', port: 1, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}
