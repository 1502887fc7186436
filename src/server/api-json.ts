// JSON request bodies: decoded as strict UTF-8, parsed, and checked by a zod schema at the edge.
import type { z } from 'zod';
import { UserError } from '../shared/errors.js';
import type { ApiRequest } from './api-types.js';

/** A JSON body checked by `schema`, or a 400 naming the field. */
export function jsonBody<S extends z.ZodType>(req: ApiRequest, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(req.body ?? new Uint8Array()),
    );
  } catch {
    throw new UserError('the body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `field "${String(issue?.path[0] ?? 'body')}": ${issue?.message ?? 'is not valid'}`,
    );
  }
  return parsed.data;
}
