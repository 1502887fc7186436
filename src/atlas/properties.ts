// The properties a claim may state, with the type of value and the units each allows (pure).

export interface PropertySpec {
  label: string;
  value: 'number' | 'string' | 'boolean' | 'date' | 'ref';
  /** Units a numeric value may carry; the first is the default. */
  units?: readonly string[];
}

/** Currency units (ISO 4217, lower-case); amounts are never converted between them. */
export const MONEY_UNITS: readonly string[] = ['usd', 'cny', 'eur', 'kes', 'rsd', 'brl', 'bwp'];
const money = MONEY_UNITS;

/** Known claim properties. `atlas check` rejects others, so figures stay comparable. */
export const PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  cameras: { label: 'cameras', value: 'number', units: ['cameras'] },
  'cameras-verified': {
    label: 'cameras verified on the ground',
    value: 'number',
    units: ['cameras'],
  },
  'cameras-planned': { label: 'cameras planned', value: 'number', units: ['cameras'] },
  cities: { label: 'cities covered', value: 'number', units: ['cities'] },
  countries: { label: 'countries', value: 'number', units: ['countries'] },
  financing: { label: 'financing', value: 'number', units: money },
  'contract-value': { label: 'contract value', value: 'number', units: money },
  'project-cost': { label: 'project cost', value: 'number', units: money },
  'exports-value': { label: 'exports value', value: 'number', units: money },
  'market-share': { label: 'market share', value: 'number', units: ['percent'] },
  'state-ownership': { label: 'state ownership', value: 'number', units: ['percent'] },
  'units-per-year': { label: 'units made per year', value: 'number', units: ['cameras'] },
  'crime-change': { label: 'change in crime', value: 'number', units: ['percent'] },
  'protest-change': { label: 'change in demonstrations', value: 'number', units: ['percent'] },
  'smart-city-count': { label: 'smart/safe city systems', value: 'number', units: ['cities'] },
  'bri-countries': { label: 'Belt and Road countries', value: 'number', units: ['countries'] },
  'apps-banned': { label: 'apps banned', value: 'number', units: ['apps'] },
  users: { label: 'users', value: 'number', units: ['users'] },
  'officials-trained': { label: 'officials trained', value: 'number', units: ['people'] },
  'command-centres': { label: 'command centres', value: 'number', units: ['centres'] },
  length: { label: 'length', value: 'number', units: ['km'] },
  supplier: { label: 'supplier', value: 'ref' },
  financier: { label: 'financier', value: 'ref' },
  capability: { label: 'capability', value: 'string' },
  started: { label: 'started (in force)', value: 'date' },
  adopted: { label: 'adopted', value: 'date' },
  released: { label: 'released or published', value: 'date' },
  completed: { label: 'completed', value: 'date' },
  operator: { label: 'operator', value: 'ref' },
  description: { label: 'description', value: 'string' },
  'used-against': { label: 'reported use against', value: 'string' },
  restriction: { label: 'restriction', value: 'string' },
};

/** The spec of a property, or undefined when it is not known. */
export function propertySpec(property: string): PropertySpec | undefined {
  return Object.hasOwn(PROPERTIES, property) ? PROPERTIES[property] : undefined;
}
