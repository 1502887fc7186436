// Words for the atlas's codes (pure).
import { CAPABILITIES } from '../schema.js';

export const projectKindLabels: Record<string, string> = {
  'safe-city': 'Safe city',
  'smart-city': 'Smart city',
  'national-surveillance': 'National surveillance system',
  'emergency-system': 'Emergency and security system',
  'police-platform': 'Police platform',
  port: 'Port',
  railway: 'Railway',
  road: 'Road',
  border: 'Border surveillance',
  'telecom-network': 'Telecommunications network',
  'economic-corridor': 'Economic corridor',
};

export const projectStatusLabels: Record<string, string> = {
  announced: 'announced',
  'under-construction': 'under construction',
  operating: 'operating',
  suspended: 'suspended',
  cancelled: 'cancelled',
  unknown: 'status not recorded',
};

export const agreementKindLabels: Record<string, string> = {
  loan: 'loan',
  contract: 'contract',
  memorandum: 'memorandum of understanding',
  grant: 'grant',
  concession: 'concession',
  framework: 'framework agreement',
};

export const placeKindLabels: Record<string, string> = {
  city: 'city',
  region: 'region',
  port: 'port',
  'border-crossing': 'border crossing',
  railway: 'railway',
  facility: 'facility',
  district: 'district',
};

/** A capability in words. */
export function capabilityLabel(c: string): string {
  return (CAPABILITIES as Record<string, string>)[c] ?? c.replaceAll('-', ' ');
}
