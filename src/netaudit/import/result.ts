import type { HostObservations, Observation } from '../observation.js';

/** A record an importer could not use, and why; `position` names the line, row or packet. */
export interface Skipped {
  position: string;
  reason: string;
}

/** What every importer returns: observations per host, and what it skipped. */
export interface ImportResult {
  hosts: HostObservations[];
  skipped: Skipped[];
}

/** Most skipped records listed one by one; the rest are summed up in one last entry. */
export const maxSkippedListed = 1000;

/** Collects skipped records, listing at most `maxSkippedListed` so a garbage file stays small. */
export class SkipList {
  private readonly list: Skipped[] = [];
  private more = 0;

  /** Notes one skipped record. */
  add(position: string, reason: string): void {
    if (this.list.length < maxSkippedListed) this.list.push({ position, reason });
    else this.more++;
  }

  /** The listed records, plus a summary entry when some were left out. */
  toArray(): Skipped[] {
    if (this.more === 0) return [...this.list];
    return [...this.list, { position: 'more', reason: `${this.more} more records skipped` }];
  }
}

/** Observations by address, merged as they come: duplicates dropped, DNS query counts summed. */
export class HostTable {
  private readonly hosts = new Map<string, Map<string, Observation>>();

  /** Adds observations for one address. */
  add(address: string, ...observations: Observation[]): void {
    let seen = this.hosts.get(address);
    if (seen === undefined) {
      seen = new Map();
      this.hosts.set(address, seen);
    }
    for (const o of observations) {
      if (o.kind === 'dns-query') {
        const key = `dns-query\u0000${o.source}\u0000${o.name}`;
        const before = seen.get(key);
        const count = (before?.kind === 'dns-query' ? (before.count ?? 1) : 0) + (o.count ?? 1);
        seen.set(key, { ...o, count });
      } else {
        seen.set(observationKey(o), o);
      }
    }
  }

  /** Adds every host of a list. */
  addAll(hosts: readonly HostObservations[]): void {
    for (const h of hosts) this.add(h.address, ...h.observations);
  }

  /** The hosts in first-seen order, observations in first-seen order. */
  toArray(): HostObservations[] {
    return [...this.hosts].map(([address, seen]) => ({
      address,
      observations: [...seen.values()],
    }));
  }
}

/** Merges host lists so each address appears once. */
export function mergeHosts(...lists: readonly (readonly HostObservations[])[]): HostObservations[] {
  const table = new HostTable();
  for (const list of lists) table.addAll(list);
  return table.toArray();
}

function observationKey(o: Observation): string {
  // Sorted keys so two equal observations built in a different order still match.
  return JSON.stringify(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
