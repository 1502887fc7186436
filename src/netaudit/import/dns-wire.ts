// The question section of a DNS message on the wire (RFC 1035 §4.1), with compression pointers
// followed only backwards, so a pointer loop cannot run forever.
import type { Result } from '../../shared/errors.js';

/** Most questions read from one message; real queries carry one. */
export const maxQuestions = 16;

/** A DNS message's kind and the names it asks about (lower-case, odd bytes as `\DDD`). */
export interface DnsQuestions {
  isResponse: boolean;
  names: string[];
}

/** Reads the header and questions of a DNS message; never throws. */
export function parseDnsQuestions(msg: Uint8Array): Result<DnsQuestions> {
  if (msg.length < 12) return { ok: false, issues: ['DNS header truncated'] };
  const isResponse = ((msg[2] ?? 0) & 0x80) !== 0;
  const count = Math.min(((msg[4] ?? 0) << 8) | (msg[5] ?? 0), maxQuestions);
  const names: string[] = [];
  let offset = 12;
  for (let q = 0; q < count; q++) {
    const name = readName(msg, offset);
    if (!name.ok) return name;
    offset = name.value.next + 4; // QTYPE and QCLASS
    if (offset > msg.length) return { ok: false, issues: ['DNS question truncated'] };
    names.push(name.value.name);
  }
  return { ok: true, value: { isResponse, names } };
}

/** A possibly compressed name at `start`, and where the record continues after it. */
export function readName(msg: Uint8Array, start: number): Result<{ name: string; next: number }> {
  const labels: string[] = [];
  let at = start;
  let segment = start; // where the current run of labels began
  let next: number | undefined;
  let length = 0;
  for (;;) {
    const len = msg[at];
    if (len === undefined) return { ok: false, issues: ['DNS name truncated'] };
    if (len === 0) {
      next ??= at + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      const low = msg[at + 1];
      if (low === undefined) return { ok: false, issues: ['DNS name truncated'] };
      const target = ((len & 0x3f) << 8) | low;
      // Before the current run of labels: every jump lands lower than the last, so the walk ends.
      if (target >= segment)
        return { ok: false, issues: ['DNS compression pointer does not point back'] };
      next ??= at + 2;
      at = segment = target;
      continue;
    }
    if ((len & 0xc0) !== 0) return { ok: false, issues: ['DNS label type not supported'] };
    if (at + 1 + len > msg.length) return { ok: false, issues: ['DNS name truncated'] };
    length += len + 1;
    if (length > 255) return { ok: false, issues: ['DNS name longer than 255 bytes'] };
    labels.push(labelText(msg.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
  return { ok: true, value: { name: labels.join('.'), next } };
}

function labelText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    const lower = b >= 0x41 && b <= 0x5a ? b + 32 : b;
    const plain =
      (lower >= 0x61 && lower <= 0x7a) ||
      (lower >= 0x30 && lower <= 0x39) ||
      lower === 0x2d ||
      lower === 0x5f;
    s += plain ? String.fromCharCode(lower) : `\\${b.toString().padStart(3, '0')}`;
  }
  return s;
}
