// A command's wall time, CPU time and peak memory, from GNU time (Debian's `time` package).
import { spawnSync } from 'node:child_process';

/**
 * Runs a command under GNU time: wall seconds, CPU seconds (user + system, all threads) and max
 * RSS in MiB; with `keepStdout`, what it printed too. CPU time is steadier than wall time on a shared, busy machine.
 */
export function timed(cmd, args, keepStdout = false) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return {
    seconds: wall,
    cpuSeconds: Number((user + sys).toFixed(2)),
    maxRssMiB: Math.round(kb / 1024),
    ...(keepStdout ? { stdout: r.stdout } : {}),
  };
}
