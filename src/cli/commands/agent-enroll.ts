import { hostname } from 'node:os';
import { EnrollResult } from '../../contract/sites.js';
import { apiUrl, checkServerUrl, serverReason } from '../../agent/index.js';
import { parseCidr } from '../../sites/index.js';
import { maxCaBytes, postJson, readEnrollment, saveEnrollment } from '../../agent/index-node.js';
import { EnvironmentError, UserError } from '../../shared/errors.js';
import { defineCommand, jsonOption, writeJson } from '../command.js';
import { readInputFile } from '../fs-io.js';
import { stateDirOf, stateOption } from './agent-shared.js';

export const agentEnroll = defineCommand({
  path: ['agent', 'enroll'],
  summary: 'enroll this machine as a scan agent of a site, with a one-time code from the server',
  description: `Trades the one-time code an admin made on the server (sousveil sites add NAME --range CIDR)
for this agent's own token, and saves the server's URL, the agent's id, its site, the site's
ranges and the token in the state folder (the file 0600, the folder 0700). The token is shown
nowhere and sent only to that server.

The server must be https://; plain http:// is accepted only for a loopback server (127.0.0.0/8,
::1, localhost). --ca FILE trusts a PEM bundle besides the system's certificate authorities (a
server with a self-signed certificate); it is kept in the state folder for \`agent run\`.
An existing enrollment is replaced only with --force.`,
  options: {
    ...jsonOption,
    server: { type: 'string', value: 'URL', description: 'the server, https://…' },
    code: { type: 'string', value: 'CODE', description: 'the one-time enrollment code' },
    name: {
      type: 'string',
      value: 'NAME',
      description: 'how the agent is called in the Sites view (default: the host name)',
    },
    ca: { type: 'string', value: 'FILE', description: 'PEM certificates to trust for the server' },
    ...stateOption,
    force: { type: 'boolean', description: 'replace an existing enrollment' },
  },
  run: async ({ flags, io }) => {
    if (flags.server === undefined) throw new UserError('agent enroll: --server URL is required');
    if (flags.code === undefined) throw new UserError('agent enroll: --code CODE is required');
    const server = checkServerUrl(flags.server);
    const name = (flags.name ?? hostname()).trim().slice(0, 100) || 'agent';
    const dir = stateDirOf(flags.state);
    const earlier = readEnrollment(dir);
    if (earlier !== undefined && !flags.force)
      throw new UserError(
        `agent enroll: ${dir} already holds agent ${earlier.agentId} of site "${earlier.site}" (${earlier.server})`,
        { hint: 'pass --force to replace it, or --state DIR for another agent' },
      );
    const caBytes = flags.ca === undefined ? undefined : readCa(flags.ca);
    const ca = caBytes === undefined ? undefined : new TextDecoder().decode(caBytes);
    const body = new TextEncoder().encode(JSON.stringify({ code: flags.code, name }));
    const answer = await postJson(apiUrl(server, '/agent/enroll'), body, {
      timeoutMs: 30_000,
      ...(ca === undefined ? {} : { ca }),
    }).catch((e: unknown) => {
      throw new EnvironmentError(`agent enroll: ${server}: ${(e as Error).message}`, { cause: e });
    });
    const result = enrollResult(answer.status, answer.body);
    result.ranges.forEach(parseCidr);
    const enrollment = {
      server,
      agentId: result.agentId,
      name,
      site: result.site,
      ranges: result.ranges,
      token: result.token,
      enrolledAt: (io.now ?? (() => new Date().toISOString()))(),
      ca: caBytes !== undefined,
    };
    await saveEnrollment(dir, enrollment, caBytes);
    const shown = {
      agentId: result.agentId,
      site: result.site,
      ranges: result.ranges,
      server,
      state: dir,
    };
    if (flags.json) writeJson(io, shown);
    else
      io.stdout.write(
        `enrolled as agent ${result.agentId} of site "${result.site}" (ranges ${result.ranges.join(', ')})\nstate: ${dir}\n`,
      );
    return 0;
  },
});

function readCa(file: string): Uint8Array {
  const bytes = readInputFile(file, maxCaBytes);
  if (!new TextDecoder().decode(bytes).includes('-----BEGIN CERTIFICATE-----'))
    throw new UserError(`--ca ${file}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`);
  return bytes;
}

/** The server's answer to an enrollment, or one line saying why there is none. */
function enrollResult(status: number, body: string): EnrollResult {
  const reason = serverReason(body);
  const said = reason === undefined ? '' : `: ${reason}`;
  if (status === 401 || status === 403)
    throw new UserError(`agent enroll: the server refused the code (HTTP ${status}${said})`, {
      hint: 'codes work once; ask the server admin for a new one (sousveil sites add or sites code)',
    });
  if (status >= 400 && status < 500)
    throw new UserError(`agent enroll: the server refused the enrollment (HTTP ${status}${said})`);
  if (status < 200 || status >= 300)
    throw new EnvironmentError(`agent enroll: the server answered HTTP ${status}${said}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const r = EnrollResult.safeParse(parsed);
  // The token goes into an Authorization header: printable ASCII only, as the server makes it.
  if (!r.success || !/^[\x21-\x7e]{1,200}$/.test(r.data.token))
    throw new EnvironmentError(
      'agent enroll: the server answered something that is not an enrollment',
    );
  return r.data;
}
