// The OpenAPI 3.1 description of /api/v1, built from the route table: each answer's JSON Schema
// is generated from the route's zod schema, the same one the web takes its types from.
import { z } from 'zod';
import { DEFAULT_MAX_APP_BYTES, MAX_UPLOAD_BYTES, routes } from './api.js';

/** A route's answer as JSON Schema (draft 2020-12, which OpenAPI 3.1 uses). */
function schemaOf(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' });
}

/** The OpenAPI 3.1 document of every route in the table. */
export function openApiDocument(): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`;
    const op: Record<string, unknown> = {
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[/:](\w)/g, (_m, c: string) => c.toUpperCase())}`,
      parameters: (r.params ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        description: p.description,
        required: p.in === 'path' || p.required === true,
        schema: { type: 'string' },
      })),
      responses: {
        [String(r.status ?? (r.method === 'POST' ? 201 : 200))]: {
          description: 'OK',
          content: {
            'application/json': { schema: schemaOf(r.response) },
            ...(r.render?.csv !== undefined ? { 'text/csv': { schema: { type: 'string' } } } : {}),
            ...(r.render?.html !== undefined
              ? { 'text/html': { schema: { type: 'string' } } }
              : {}),
          },
        },
        '400': { description: 'Bad input, with {"error": "..."} naming what is wrong' },
        ...(r.path.includes(':') ? { '404': { description: 'Not found' } } : {}),
      },
    };
    if (r.writes === true) {
      op.security = [{ token: [] }, {}];
      op.description =
        r.bodyLimit === 'app'
          ? `Needs the token (SOUSVEIL_TOKEN) when the server is not on loopback. Body at most the server's app limit (serve --max-app-mib; default ${DEFAULT_MAX_APP_BYTES} bytes).`
          : `Needs the token (SOUSVEIL_TOKEN) when the server is not on loopback. Body at most ${MAX_UPLOAD_BYTES} bytes.`;
      op.requestBody = {
        required: true,
        content: Object.fromEntries(
          (r.accepts ?? []).map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
        ),
      };
      (op.responses as Record<string, unknown>)['413'] = { description: 'Upload too large' };
      (op.responses as Record<string, unknown>)['503'] = {
        description:
          'Busy: another process holds the database lock, or too many uploads are unfinished; see Retry-After',
      };
      (op.responses as Record<string, unknown>)['401'] = { description: 'Token missing or wrong' };
    }
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'sousveil observatory API',
      version: '1',
      description:
        'The atlas of surveillance exports, the knowledge base of vendors, restrictions and advisories, and saved network audits. Every figure carries its sources.',
      license: { name: 'see the project README' },
    },
    paths,
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
  };
}
