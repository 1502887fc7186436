// What a scale round costs the machine, read from /proc rather than from the clock: the machine
// is shared, so wall time moves with other people's load while CPU seconds move with our work.
// Sampled every 200 ms: the servers' summed RSS (peak), their CPU seconds (primary, workers and
// all their threads) and the CPU seconds of the PostgreSQL backends serving the round's database.
import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';
import { statusField } from '../shared/stats.js';

/** Linux's USER_HZ: /proc's CPU times count in these ticks on every architecture Node runs on. */
const ticksPerSecond = 100;

/** CPU seconds (user + system, all threads) a process has used; 0 once it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/**
 * Starts sampling `pids` (the servers) and the backends `backendPids()` names (from
 * pg_stat_activity); `stop()` gives peak RSS in MiB and the CPU seconds each side used since the
 * start. A backend that exits between samples loses at most 200 ms of its time.
 */
export function startMeter(pids, backendPids) {
  const serverStart = new Map(pids.map((p) => [p, cpuSeconds(p)]));
  const serverLast = new Map(serverStart);
  const backendFirst = new Map();
  const backendLast = new Map();
  let peakKiB = 0;
  let reading = false;
  const sample = async () => {
    peakKiB = Math.max(
      peakKiB,
      pids.reduce((sum, p) => sum + statusField(p, 'VmRSS'), 0),
    );
    for (const p of pids) serverLast.set(p, Math.max(serverLast.get(p) ?? 0, cpuSeconds(p)));
    if (reading) return;
    reading = true;
    try {
      for (const p of await backendPids()) {
        const s = cpuSeconds(p);
        if (!backendFirst.has(p)) backendFirst.set(p, s);
        backendLast.set(p, Math.max(backendLast.get(p) ?? 0, s));
      }
    } finally {
      reading = false;
    }
  };
  const timer = setInterval(() => void sample().catch(() => undefined), 200);
  return {
    async stop() {
      clearInterval(timer);
      await sample().catch(() => undefined);
      const sum = (last, first) => [...last].reduce((n, [p, s]) => n + s - (first.get(p) ?? 0), 0);
      return {
        peakRssMiB: Math.round(peakKiB / 1024),
        serverCpuS: Math.round(sum(serverLast, serverStart) * 10) / 10,
        postgresCpuS: Math.round(sum(backendLast, backendFirst) * 10) / 10,
        backends: backendLast.size,
      };
    },
  };
}
