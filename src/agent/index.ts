// Scan agents (pure): a site's ranges and the targets inside them, the schedule, the server's URL,
// what an upload's answer means, and the sender that drains the queue. Adapters: index-node.ts.
export { targetOutside } from './ranges.js';
export { parseDuration, formatDuration } from './duration.js';
export { checkServerUrl, apiUrl, isLoopbackHost } from './server-url.js';
export { judgeAnswer, serverReason, type UploadAnswer, type AnswerVerdict } from './answer.js';
export {
  drainQueue,
  backoffMs,
  type QueuedResult,
  type ResultQueue,
  type SendEvent,
  type RetryPolicy,
  type DrainResult,
} from './sender.js';
export { AgentEnrollment } from './state.js';
