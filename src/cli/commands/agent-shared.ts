// What every `agent` command shares: the state folder flag and how events are written.
import { agentStateDir } from '../../agent/index-node.js';
import type { CliIo, OptionSpecs } from '../command.js';

/** `--state DIR`, where the enrollment and the queue live. */
export const stateOption = {
  state: {
    type: 'string',
    value: 'DIR',
    description:
      'the agent state folder (default SOUSVEIL_AGENT_STATE, else $XDG_STATE_HOME/sousveil/agent or ~/.local/state/sousveil/agent)',
  },
} as const satisfies OptionSpecs;

/** The state folder the flags and the environment name. */
export function stateDirOf(flag: string | undefined): string {
  return agentStateDir(flag, process.env);
}

/** One event: a JSON line on stdout with --json, else a line of text on stderr. */
export function eventWriter(
  io: CliIo,
  json: boolean,
): (event: { event: string } & Record<string, unknown>, text: string) => void {
  const now = io.now ?? (() => new Date().toISOString());
  return (event, text) => {
    if (json) io.stdout.write(`${JSON.stringify({ at: now(), ...event })}\n`);
    else io.stderr.write(`agent: ${text}\n`);
  };
}
