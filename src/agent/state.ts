// What an enrolled agent keeps (pure, zod): where it reports, who it is, what it may scan.
import { z } from 'zod';

/** The enrollment file, as `agent enroll` writes it and `agent run` reads it. */
export const AgentEnrollment = z.object({
  /** The server's URL, https:// (http:// only for a loopback server). */
  server: z.string(),
  agentId: z.number().int(),
  name: z.string(),
  site: z.string(),
  ranges: z.array(z.string()),
  token: z.string().min(1),
  enrolledAt: z.string(),
  /** Whether a CA bundle (`ca.pem` beside it) is trusted for the server's certificate. */
  ca: z.boolean(),
});
export type AgentEnrollment = z.infer<typeof AgentEnrollment>;
