/** One thing wrong in the knowledge base, located by file and record. */
export interface KbProblem {
  file: string;
  /** The record's id, or its position (`#3`) where it has none. */
  record: string;
  message: string;
}

/** Formats a problem as `file: record: message`, the way `kb check` prints it. */
export function formatProblem(p: KbProblem): string {
  return `${p.file}: ${p.record}: ${p.message}`;
}
