// Small helpers the benchmarks share: latency percentiles and a process's memory from /proc.
import { readFileSync } from 'node:fs';

/** Count, p50, p99 and max of samples `{ ms }`. */
export function stats(samples) {
  if (samples.length === 0) return { n: 0, p50: 0, p99: 0, max: 0 };
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q) => round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]);
  return { n: ms.length, p50: at(0.5), p99: at(0.99), max: round(ms[ms.length - 1]) };
}

export function round(x) {
  return Math.round(x * 10) / 10;
}

/** A field of /proc/PID/status in KiB (VmRSS, VmHWM); 0 once the process is gone. */
export function statusField(pid, name) {
  try {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
