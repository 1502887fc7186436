// The OpenAPI 3.1 description of /api/v1, built from the route table: each answer's JSON Schema
// is generated from the route's zod schema, the same one the web takes its types from.
import { z } from 'zod';
import { DEFAULT_MAX_APP_BYTES, MAX_UPLOAD_BYTES, routes, type Route } from './api.js';

/** A route's answer as JSON Schema (draft 2020-12, which OpenAPI 3.1 uses). */
function schemaOf(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' });
}

/** A request body's schema: a form's fields with its files, or opaque bytes. */
function bodySchemaOf(r: Route, type: string): unknown {
  if (type !== 'multipart/form-data' || r.form === undefined)
    return { type: 'string', format: 'binary' };
  const schema = z.toJSONSchema(r.form, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    io: 'input',
  }) as { properties?: Record<string, unknown> };
  for (const [name, description] of Object.entries(r.files ?? {}))
    schema.properties = {
      ...schema.properties,
      [name]: { type: 'string', format: 'binary', description },
    };
  return schema;
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
            ...(r.produces === undefined
              ? { 'application/json': { schema: schemaOf(r.response) } }
              : { [r.produces]: { schema: { type: 'string', format: 'binary' } } }),
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
      const maxBytes = r.maxBodyBytes ?? MAX_UPLOAD_BYTES;
      if (r.access === 'public' || r.access === 'login') {
        op.security = [{}];
        op.description = `Open to anyone, same-origin only, a limited number per network and day (429 beyond). Body at most ${maxBytes} bytes.`;
      } else if (r.access === 'agent') {
        op.security = [{ agentToken: [] }];
        op.description = `Needs a scan agent's own token (from POST /api/v1/agent/enroll); 401 when unknown or revoked. Body at most ${maxBytes} bytes.`;
      } else if (r.access === 'moderator') {
        op.security = [{ session: [] }];
        op.description = `Needs a moderator's session (cookie from POST /api/v1/sessions) and its CSRF token in X-CSRF-Token. Body at most ${maxBytes} bytes.`;
      } else {
        op.security = [{ token: [] }, {}];
        op.description =
          r.bodyLimit === 'app'
            ? `Needs the token (SOUSVEIL_TOKEN) when the server is not on loopback. Body at most the server's app limit (serve --max-app-mib; default ${DEFAULT_MAX_APP_BYTES} bytes).`
            : `Needs the token (SOUSVEIL_TOKEN) when the server is not on loopback. Body at most ${maxBytes} bytes.`;
      }
      op.requestBody = {
        required: true,
        content: Object.fromEntries(
          (r.accepts ?? []).map((t) => [t, { schema: bodySchemaOf(r, t) }]),
        ),
      };
      (op.responses as Record<string, unknown>)['413'] = { description: 'Upload too large' };
      (op.responses as Record<string, unknown>)['503'] = {
        description:
          'Busy: another process holds the database lock, or too many uploads are unfinished; see Retry-After',
      };
      if (r.access === 'public' || r.access === 'login')
        (op.responses as Record<string, unknown>)['429'] = {
          description: 'This network has sent its reports for the day; see Retry-After',
        };
      else
        (op.responses as Record<string, unknown>)['401'] = {
          description: 'Token missing or wrong',
        };
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
    components: {
      securitySchemes: {
        token: { type: 'http', scheme: 'bearer' },
        agentToken: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'sousveil_session' },
      },
    },
  };
}
