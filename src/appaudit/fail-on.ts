import type { AppReport } from './report.js';

/** What `--fail-on` can name: an SDK whose maker is covered by a restriction, PRC-based, any SDK. */
export const failOnChoices = ['prc', 'restricted', 'any', 'never'] as const;
export type FailOn = (typeof failOnChoices)[number];

/** Whether a report holds what `--fail-on` names (`prc` also counts restricted makers). */
export function failsOn(report: AppReport, failOn: FailOn): boolean {
  switch (failOn) {
    case 'never':
      return false;
    case 'any':
      return report.sdks.length > 0;
    case 'restricted':
      return report.sdks.some((s) => s.restrictions.length > 0);
    case 'prc':
      return report.sdks.some((s) => s.jurisdiction === 'prc' || s.restrictions.length > 0);
  }
}
