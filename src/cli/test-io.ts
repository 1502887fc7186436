// An in-memory CliIo for tests: captures stdout and stderr, feeds stdin from a string.
import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from './command.js';

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

/** Builds an in-memory io; `today` is fixed so results do not depend on the clock. */
export function captureIo(stdin = '', today = '2026-11-28'): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    today: () => today,
    now: () => `${today}T12:00:00.000Z`,
    isTty: false,
    out: () => out,
    err: () => err,
  };
}
