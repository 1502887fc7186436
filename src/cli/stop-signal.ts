// When a long-running command (serve, lab) should stop: Ctrl-C, SIGTERM, or — when asked — its
// parent process going away (npm's script shell does not pass SIGTERM on to its child).

/** How often the parent is looked for; stopping is at most this late. */
const parentPollMs = 500;
/**
 * The parent as the process started with it: a parent gone before `stopSignal` is called (a slow
 * start on a busy machine) would otherwise leave init as the "parent" and the server running.
 */
const parentAtStart = process.ppid;

/**
 * Resolves with the reason once the process should stop; a second signal exits at once. A
 * worker of `serve --workers` (`asWorker`) ignores Ctrl-C, which the terminal sends to the whole
 * process group: its primary stops it with SIGTERM, once.
 */
export function stopSignal(options: { withParent: boolean; asWorker?: boolean }): Promise<string> {
  if (options.asWorker === true) process.on('SIGINT', () => undefined);
  return new Promise((resolve) => {
    const parent = parentAtStart;
    const timer = options.withParent
      ? setInterval(() => {
          if (process.ppid !== parent) stop('its parent process exited');
        }, parentPollMs)
      : undefined;
    if (options.withParent && process.ppid !== parent)
      setImmediate(() => stop('its parent process exited'));
    const onSignal = (signal: NodeJS.Signals): void => stop(signal);
    function stop(reason: string): void {
      clearInterval(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const again = (): never => process.exit(130);
      if (options.asWorker !== true) process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve(reason);
    }
    if (options.asWorker !== true) process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
