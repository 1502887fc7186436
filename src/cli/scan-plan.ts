// `net scan`'s flags turned into what the scanner needs, every one checked before any probe is
// sent or the store is opened.
import { readFileSync } from 'node:fs';
import { isCalendarDay } from '../kb/index.js';
import {
  countTargets,
  defaultPorts,
  firstPublicTarget,
  maxTargets,
  parseTarget,
  type DeviceCredential,
  type Target,
} from '../netaudit/index.js';
import { UserError } from '../shared/errors.js';
import type { CliIo, Flags } from './command.js';
import { deviceCredential } from './device-credential.js';
import { onFile } from './fs-io.js';

/** A scan's checked inputs. */
export interface ScanPlan {
  specs: string[];
  targets: Target[];
  total: number;
  ports: number[];
  credential: DeviceCredential | undefined;
  asOf: string;
}

/** Checks targets, ports, credentials and dates; throws a UserError naming the first bad one. */
export function planScan(
  positionals: readonly string[],
  flags: Flags,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
): ScanPlan {
  const specs = [...positionals, ...targetsFromFile(flags['targets-file'])];
  if (specs.length === 0)
    throw new UserError('net scan: no targets given', {
      hint: 'sousveil net scan 192.168.1.0/24 (addresses, ranges, CIDR blocks, names) or --targets-file FILE',
    });
  const targets = specs.map(parseTarget);
  const total = countTargets(targets);
  if (total > maxTargets)
    throw new UserError(
      `net scan: the targets name ${total} hosts; at most ${maxTargets} per scan`,
    );
  const pub = firstPublicTarget(targets);
  if (pub && flags.authorized !== true)
    throw new UserError(`target "${pub.spec}": public address space`, {
      hint: 'pass --authorized if you are authorised to scan it',
    });
  const asOf = typeof flags['as-of'] === 'string' ? flags['as-of'] : io.today();
  if (!isCalendarDay(asOf))
    throw new UserError(`--as-of: "${asOf}" is not a calendar date (YYYY-MM-DD)`);
  const credential = deviceCredential(flags, env);
  return { specs, targets, total, ports: parsePorts(flags.ports), credential, asOf };
}

function targetsFromFile(file: Flags[string]): string[] {
  if (typeof file !== 'string') return [];
  const text = onFile(`--targets-file ${file}`, () => readFileSync(file, 'utf8'));
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}

/** `--ports 80,554,8000-8010`: single ports and ranges, each 1–65535. */
export function parsePorts(v: Flags[string]): number[] {
  if (typeof v !== 'string') return [...defaultPorts];
  const ports: number[] = [];
  for (const part of v.split(',')) {
    const [from, to = from] = part.split('-').map((p) => p.trim());
    const a = portOf(from, part);
    const b = portOf(to, part);
    if (b < a) throw new UserError(`--ports: "${part}" is a range that ends before it starts`);
    for (let p = a; p <= b; p++) ports.push(p);
  }
  return [...new Set(ports)];
}

function portOf(text: string | undefined, part: string): number {
  const n = /^\d+$/.test(text ?? '') ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UserError(`--ports: "${part}" is not a port (1-65535) or a range of them`);
  return n;
}
