// What the benchmarks share: waiting for a server they started to answer.

/** Resolves once `url` answers 2xx; throws after `tries` attempts 100 ms apart. */
export async function waitFor(url, tries = 300) {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not come up at ${url}`);
}
