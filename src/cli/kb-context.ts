import { formatProblem, loadKb, type Kb } from '../kb/index.js';
import { SousveilError } from '../shared/errors.js';

let cached: Kb | undefined;

/** Loads the kb once per process; a kb with problems is refused, pointing at `kb check`. */
export async function kbOrThrow(): Promise<Kb> {
  if (cached) return cached;
  const { kb, problems } = await loadKb();
  if (problems.length > 0) {
    const first = problems.slice(0, 5).map(formatProblem).join('\n  ');
    throw new SousveilError(
      'kb-invalid',
      `the knowledge base has ${problems.length} problem(s); run \`sousveil kb check\`:\n  ${first}`,
    );
  }
  cached = kb;
  return kb;
}
