import { agentEnroll } from './agent-enroll.js';
import { agentRun } from './agent-run.js';
import { agentStatus } from './agent-status.js';

export const agentCommands = [agentEnroll, agentRun, agentStatus];
