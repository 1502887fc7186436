import { z } from 'zod';
import { isCalendarDate } from './dates.js';

/** A calendar date, possibly partial: `2019`, `2019-10` or `2019-10-09`; its precision is kept. */
export const PartialDate = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    'expected YYYY, YYYY-MM or YYYY-MM-DD',
  )
  .refine(isCalendarDate, 'not a real calendar date');

/** How much a record is to be believed. `unverified` keeps a fact visible but flagged. */
export const Confidence = z.enum(['high', 'medium', 'low', 'unverified']);
export type Confidence = z.infer<typeof Confidence>;
