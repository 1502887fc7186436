// Scan agents' adapters: the queue and the state folder on disk, the HTTP client.
export {
  FsQueue,
  newUploadId,
  defaultQueueLimits,
  type QueueLimits,
  type QueueStats,
} from './fs-queue.js';
export {
  agentStateDir,
  readEnrollment,
  requireEnrollment,
  saveEnrollment,
  readCa,
  queueDir,
  maxCaBytes,
  lockState,
} from './fs-state.js';
export { postJson } from './http-client.js';
