// When a long-running command (serve, lab) should stop: Ctrl-C, SIGTERM, or — when asked — its
// parent process going away (npm's script shell does not pass SIGTERM on to its child).

/** How often the parent is looked for; stopping is at most this late. */
const parentPollMs = 500;

/** Resolves with the reason once the process should stop; a second signal exits at once. */
export function stopSignal(options: { withParent: boolean }): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const timer = options.withParent
      ? setInterval(() => {
          if (process.ppid !== parent) stop('its parent process exited');
        }, parentPollMs)
      : undefined;
    const onSignal = (signal: NodeJS.Signals): void => stop(signal);
    function stop(reason: string): void {
      clearInterval(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const again = (): never => process.exit(130);
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      resolve(reason);
    }
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
