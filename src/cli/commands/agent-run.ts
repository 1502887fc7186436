import { apiUrl, parseDuration, targetOutside } from '../../agent/index.js';
import {
  FsQueue,
  lockState,
  postJson,
  queueDir,
  readCa,
  requireEnrollment,
} from '../../agent/index-node.js';
import { summarize } from '../../netaudit/index.js';
import { UserError } from '../../shared/errors.js';
import { runAgentLoop } from '../agent-loop.js';
import { defineCommand, jsonOption } from '../command.js';
import { kbOrThrow } from '../kb-context.js';
import { probeAndIdentify, probeOptions } from '../scan-flags.js';
import { planScan, type ScanPlan } from '../scan-plan.js';
import { scanDocument } from '../scan-output.js';
import { stopSignal } from '../stop-signal.js';
import { stateDirOf, stateOption, eventWriter } from './agent-shared.js';

export const agentRun = defineCommand({
  path: ['agent', 'run'],
  summary: "scan the site's networks and push each result to the server (queued while it is away)",
  args: '<targets…>',
  description: `Scans the targets with the same read-only probes as \`sousveil net scan\` (its refusals too:
public address space only with --authorized) and pushes each result to the server the agent
enrolled with, under its own token. Every target must lie inside the site's ranges, else nothing
is scanned (the server refuses such results as well); host names are refused, give addresses.
The opt-in reads (--snmp-community; --device-user with --device-password-file or
SOUSVEIL_DEVICE_PASSWORD) work as in \`net scan\` (see \`sousveil net scan --help\`).

Each finished scan is first written to the queue in the state folder with a fresh upload id, then
the queue is sent oldest first. A result the server has (or had: the upload id is known) leaves
the queue; while the server is unreachable, overloaded (5xx, 429) or the network fails, results
stay and are retried with backoff, then at the next cycle; a result the server refuses for good
(422) is moved to rejected/ with the server's reason beside it and never sent again. A refused
token (401: revoked, or unknown) ends the run with exit 1: enroll again. The queue holds at most
--queue-max results and --queue-max-mb megabytes; when full, new scans are not queued (a
warning says so) and the older ones are kept.

Without --every it scans once, sends and exits; --every 6h scans again every six hours until
stopped (SIGINT/SIGTERM abandon a scan in progress and keep the queue). --once with --every
runs one cycle but tells the server the schedule (for a systemd timer). --json writes one JSON
line per event on stdout.`,
  options: {
    ...jsonOption,
    ...probeOptions,
    every: {
      type: 'string',
      value: 'DURATION',
      description: 'scan again every DURATION (90s, 15m, 6h, 1d)',
    },
    once: { type: 'boolean', description: 'one cycle even with --every' },
    'as-of': {
      type: 'string',
      value: 'YYYY-MM-DD',
      description: 'the day restrictions are judged on (default today)',
    },
    'queue-max': {
      type: 'integer',
      value: 'N',
      min: 1,
      default: 500,
      description: 'results the queue may hold',
    },
    'queue-max-mb': {
      type: 'integer',
      value: 'MB',
      min: 1,
      default: 1024,
      description: 'megabytes the queue may hold',
    },
    ...stateOption,
  },
  run: async ({ positionals, flags, io }) => {
    const dir = stateDirOf(flags.state);
    const enrollment = requireEnrollment(dir);
    const everyS = flags.every === undefined ? undefined : parseDuration('--every', flags.every);
    const plan = planScan(positionals, flags, io, process.env);
    refuseOutside(plan, enrollment.ranges, enrollment.site);
    const kb = await kbOrThrow();
    const release = lockState(dir);
    try {
      const queue = new FsQueue(queueDir(dir), {
        maxCount: flags['queue-max'],
        maxBytes: flags['queue-max-mb'] * 1024 * 1024,
      });
      await queue.sweepTemp();
      const ca = readCa(dir, enrollment);
      const log = eventWriter(io, flags.json);
      log(
        {
          event: 'start',
          agentId: enrollment.agentId,
          site: enrollment.site,
          server: enrollment.server,
        },
        `agent ${enrollment.agentId} of site "${enrollment.site}" reporting to ${enrollment.server}`,
      );
      const stopped = stopSignal({ withParent: false });
      const signalled = { yes: false };
      void stopped.then(() => (signalled.yes = true));
      const code = await runAgentLoop({
        queue,
        scan: async () => scanOnce({ ...plan, asOf: flags['as-of'] ?? io.today() }, flags, kb),
        post: (r, body) =>
          postJson(
            apiUrl(enrollment.server, `/agent/results?${uploadQuery(r.uploadId, everyS)}`),
            body,
            {
              token: enrollment.token,
              timeoutMs: 120_000,
              ...(ca === undefined ? {} : { ca }),
            },
          ),
        everyS,
        once: flags.once,
        retry: retryPolicy(everyS),
        stopped,
        log,
        now: () => new Date(),
        rng: Math.random,
      });
      // A scan abandoned on a signal still holds sockets and workers: leave without it.
      if (signalled.yes) setTimeout(() => process.exit(code), 200).unref();
      return code;
    } finally {
      release();
    }
  },
});

/** Refuses, before any probe, a target the site may not report. */
function refuseOutside(plan: ScanPlan, ranges: readonly string[], site: string): void {
  const outside = targetOutside(plan.targets, ranges);
  if (outside !== undefined)
    throw new UserError(`agent run: target "${outside.target.spec}": ${outside.why}`, {
      hint: `site "${site}" may report only its ranges; the server refuses anything else`,
    });
}

type RunFlags = Parameters<typeof probeAndIdentify>[1];

async function scanOnce(
  plan: ScanPlan,
  flags: RunFlags,
  kb: Awaited<ReturnType<typeof kbOrThrow>>,
): Promise<{ body: Uint8Array; hosts: number; covered: number }> {
  const startedAt = new Date().toISOString();
  const hosts = await probeAndIdentify(plan, flags, kb, () => undefined);
  const params = { targets: plan.specs, ports: plan.ports, hostsScanned: plan.total };
  const scan = { kind: 'scan', startedAt, finishedAt: new Date().toISOString(), ...params };
  const doc = scanDocument({ scan }, hosts);
  const s = summarize(hosts);
  return {
    body: new TextEncoder().encode(JSON.stringify(doc)),
    hosts: s.hosts,
    covered: s.covered,
  };
}

/** The upload's query; the schedule as the server takes it (60 s at least: shorter is a test). */
function uploadQuery(uploadId: string, everyS: number | undefined): string {
  const q = new URLSearchParams({ uploadId });
  if (everyS !== undefined) q.set('every', String(Math.max(60, everyS)));
  return q.toString();
}

/** Four tries a cycle, backoff from 1 s, capped at a quarter of the schedule (at most a minute). */
function retryPolicy(everyS: number | undefined) {
  const capMs =
    everyS === undefined ? 30_000 : Math.min(60_000, Math.max(250, (everyS * 1000) / 4));
  return { tries: 4, baseMs: Math.min(1000, capMs), capMs };
}
