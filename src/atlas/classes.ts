// What a project is (pure): surveillance (safe and smart city, police platforms, national
// surveillance, border monitoring, emergency systems that watch) or strategic infrastructure
// (ports, railways, roads, corridors, networks). The atlas maps and counts the two apart, so a
// country is never shaded as a surveillance buyer for a port.
import type { Project } from './schema.js';

export type ProjectClass = 'surveillance' | 'infrastructure';

/** Capabilities that make a deployment a surveillance system rather than plain infrastructure. */
export const SURVEILLANCE_CAPABILITIES: ReadonlySet<string> = new Set([
  'cctv',
  'facial-recognition',
  'licence-plate-recognition',
  'behavioural-analytics',
  'crowd-monitoring',
  'video-analytics',
  'command-centre',
  'traffic-monitoring',
  'border-monitoring',
  'cargo-screening',
  'mobile-tracking',
  'social-media-monitoring',
  'biometric-id',
]);

const surveillanceKinds: ReadonlySet<Project['kind']> = new Set([
  'safe-city',
  'smart-city',
  'national-surveillance',
  'police-platform',
  'border',
]);

/**
 * The class of a project. Surveillance kinds are surveillance; an emergency system is surveillance
 * when it watches (cameras, analytics, tracking), as ECU 911 does; ports, railways, roads, corridors
 * and telecom networks are infrastructure, whatever equipment they carry.
 */
export function projectClass(p: Pick<Project, 'kind' | 'capabilities'>): ProjectClass {
  if (surveillanceKinds.has(p.kind)) return 'surveillance';
  if (p.kind === 'emergency-system')
    return p.capabilities.some((c) => SURVEILLANCE_CAPABILITIES.has(c))
      ? 'surveillance'
      : 'infrastructure';
  return 'infrastructure';
}

/** Whether a project is a surveillance project. */
export function isSurveillanceProject(p: Pick<Project, 'kind' | 'capabilities'>): boolean {
  return projectClass(p) === 'surveillance';
}
