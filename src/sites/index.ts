// Sites and their scan agents: ranges, scope checks and the Sites view (pure).
export { parseCidr, parseAddress, type Cidr } from './cidr.js';
export { siteRanges, firstOutOfScope } from './scope.js';
export { isSilent, listSites, siteAgent, siteSummary, changeCounts } from './site-view.js';
