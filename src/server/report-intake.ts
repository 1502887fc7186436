// What the report route needs besides the store: photos made safe (a few at a time, so a flood
// of photos queues here instead of filling every thread libuv has), and random ids.
import { randomBytes } from 'node:crypto';
import { HttpError } from '../shared/errors.js';
import {
  defaultPhotoLimits,
  makePhotoSafe,
  type PhotoLimits,
  type RegionDetector,
  type SafePhoto,
} from '../reports/index-node.js';

export interface ReportIntake {
  /** The photo decoded, redacted and re-encoded without metadata. */
  safePhoto: (bytes: Uint8Array) => Promise<SafePhoto>;
  /** A new report id: 128 random bits, so ids say nothing about order or time. */
  newId: () => string;
}

export interface ReportIntakeOptions {
  detect?: RegionDetector;
  limits?: PhotoLimits;
  /** Photos processed at once. */
  concurrency?: number;
  /** Photos waiting beyond those; more are refused with a 503. */
  maxWaiting?: number;
}

/** The intake with sharp, bounded to `concurrency` photos at once and `maxWaiting` queued. */
export function reportIntake(options: ReportIntakeOptions = {}): ReportIntake {
  const concurrency = options.concurrency ?? 2;
  const maxWaiting = options.maxWaiting ?? 16;
  const limits = options.limits ?? defaultPhotoLimits;
  let running = 0;
  const waiting: (() => void)[] = [];
  const turn = async (): Promise<void> => {
    if (running < concurrency) {
      running++;
      return;
    }
    if (waiting.length >= maxWaiting)
      throw new HttpError(503, 'too many photos are being processed; try again shortly', {
        retryAfterS: 5,
      });
    // The slot is handed over by the one finishing, so `running` stays as it is.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const done = (): void => {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next();
  };
  return {
    safePhoto: async (bytes) => {
      await turn();
      try {
        return await makePhotoSafe(bytes, options.detect, limits);
      } finally {
        done();
      }
    },
    newId: () => randomBytes(16).toString('base64url'),
  };
}
