import type { FirmwareReport } from './report.js';

/** What `--fail-on` can name: an affected KEV advisory, any affected advisory, that or a high-severity indicator, a covered maker. */
export const firmwareFailOnChoices = ['kev', 'affected', 'high', 'covered', 'never'] as const;
export type FirmwareFailOn = (typeof firmwareFailOnChoices)[number];

/** Whether a report holds what `--fail-on` names. */
export function firmwareFailsOn(r: FirmwareReport, failOn: FirmwareFailOn): boolean {
  const affected = r.advisories.filter((a) => a.status === 'affected');
  switch (failOn) {
    case 'never':
      return false;
    case 'kev':
      return affected.some((a) => a.kev !== undefined);
    case 'affected':
      return affected.length > 0;
    case 'high':
      return affected.length > 0 || r.indicators.some((i) => i.severity === 'high');
    case 'covered':
      return r.identity.restrictions.length > 0;
  }
}
