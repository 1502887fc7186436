import { FsQueue, queueDir, readEnrollment } from '../../agent/index-node.js';
import { defineCommand, jsonOption, writeJson } from '../command.js';
import { stateDirOf, stateOption } from './agent-shared.js';

export const agentStatus = defineCommand({
  path: ['agent', 'status'],
  summary: "this agent's enrollment and its queue of results waiting to be sent",
  description: `Shows where the agent reports (server, agent id, site, ranges; never the token) and what
waits in its queue: how many results, how many bytes, the oldest, and how many the server
rejected for good (in rejected/). Exit 1 when the state folder holds no enrollment.`,
  options: { ...jsonOption, ...stateOption },
  run: async ({ flags, io }) => {
    const dir = stateDirOf(flags.state);
    const e = readEnrollment(dir);
    const queue = await new FsQueue(queueDir(dir)).stats();
    const enrollment =
      e === undefined
        ? undefined
        : {
            server: e.server,
            agentId: e.agentId,
            name: e.name,
            site: e.site,
            ranges: e.ranges,
            enrolledAt: e.enrolledAt,
            ca: e.ca,
          };
    if (flags.json) writeJson(io, { state: dir, enrolled: e !== undefined, enrollment, queue });
    else {
      io.stdout.write(
        enrollment === undefined
          ? `not enrolled (state ${dir})\n`
          : `agent ${enrollment.agentId} "${enrollment.name}" of site "${enrollment.site}" (${enrollment.ranges.join(', ')})\n` +
              `server: ${enrollment.server}${enrollment.ca ? ' (trusting the CA saved at enrollment)' : ''}\n` +
              `enrolled: ${enrollment.enrolledAt}\nstate: ${dir}\n`,
      );
      io.stdout.write(
        `queue: ${queue.count} result(s), ${queue.bytes} bytes` +
          (queue.oldest === undefined ? '' : `, oldest ${queue.oldest}`) +
          (queue.rejected > 0 ? `; ${queue.rejected} rejected by the server (in rejected/)` : '') +
          '\n',
      );
    }
    return e === undefined ? 1 : 0;
  },
});
