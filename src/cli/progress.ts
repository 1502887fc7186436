import type { CliIo } from './command.js';

/** A one-line progress bar on stderr (terminals only): done/total, found, rate and ETA. */
export function progressBar(
  io: CliIo,
  label: string,
): {
  update: (done: number, total: number, found: number, elapsedMs: number) => void;
  end: () => void;
} {
  let last = '';
  return {
    update(done, total, found, elapsedMs) {
      if (!io.isTty) return;
      const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} hosts, ${found} found, ${Math.round(rate)}/s, ETA ${eta}s`;
      if (line !== last) io.stderr.write(`\r${line}\u001b[K`);
      last = line;
    },
    end() {
      if (io.isTty && last !== '') io.stderr.write('\n');
    },
  };
}

/** A one-line progress message on stderr (terminals only), rewritten at most ten times a second. */
export function progressLine(io: CliIo): { update: (text: string) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!io.isTty) return;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr.write(`\r${text}\u001b[K`);
    },
    done() {
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}
