// What probes and importers saw about a host, before any matching against the kb. Scans and
// imports both produce HostObservations; identifyHost (pure) turns them into evidence and a verdict.

/** Where an observation came from: a probe name (`http`, `sadp`, …) or an import format (`nmap-xml`, …). */
export type ObservationSource = string;

export type Observation =
  | { kind: 'open-port'; source: ObservationSource; port: number; protocol: 'tcp' | 'udp' }
  | {
      kind: 'http';
      source: ObservationSource;
      port: number;
      tls: boolean;
      status?: number;
      /** The Server header; absent when the reply had none (itself a Dahua sign). */
      server?: string;
      wwwAuthenticate?: string;
      title?: string;
      /** The first bytes of the body (bounded by the probe), for body markers. */
      body?: string;
      /** Header names exactly as sent, in order (casing is evidence: Dahua sends `CONNECTION:`). */
      headerNames?: string[];
      faviconMd5?: string;
      faviconMmh3?: string;
    }
  | {
      kind: 'rtsp';
      source: ObservationSource;
      port: number;
      status?: number;
      server?: string;
      wwwAuthenticate?: string;
    }
  | { kind: 'tls'; source: ObservationSource; port: number; subject?: string; issuer?: string }
  /** Raw reply of a binary SDK port (Hikvision TCP 8000, Dahua TCP 37777), as lower-case hex. */
  | { kind: 'sdk'; source: ObservationSource; port: number; replyHex: string }
  /** A discovery reply (SADP, DHIP, DVRIP 5050, WS-Discovery, SSDP) or device-information record. */
  | {
      kind: 'device-info';
      source: ObservationSource;
      /** The TCP port of a device-information request (ISAPI, ONVIF); discovery replies have none. */
      port?: number;
      /** Read with credentials the user gave: the device's own statement of model and firmware. */
      authenticated?: boolean;
      manufacturer?: string;
      model?: string;
      firmware?: string;
      serial?: string;
      mac?: string;
      deviceType?: string;
      /** OEM label a discovery reply carries (SADP `OEMinfo`, ONVIF `name/`). */
      oem?: string;
      /** ONVIF WS-Discovery scopes, percent-decoded. */
      scopes?: string[];
      /** Vendor-specific fields worth keeping as evidence (e.g. SSDP SERVER). */
      extra?: Record<string, string>;
    }
  /** A MAC address seen for the host (neighbour table, DHCP lease, ARP export, inventory). */
  | { kind: 'mac'; source: ObservationSource; mac: string }
  | { kind: 'hostname'; source: ObservationSource; name: string }
  /** A DNS name the host looked up (DNS logs, pcaps): queries to vendor clouds are evidence. */
  | { kind: 'dns-query'; source: ObservationSource; name: string; count?: number }
  /** A service banner or product/version another tool reported (e.g. nmap -sV). */
  | {
      kind: 'service';
      source: ObservationSource;
      port?: number;
      protocol?: 'tcp' | 'udp';
      name?: string;
      product?: string;
      version?: string;
      banner?: string;
    }
  | { kind: 'snmp'; source: ObservationSource; sysObjectId?: string; sysDescr?: string }
  /** Something a probe reports about the host that is not evidence (e.g. "credentials refused"). */
  | { kind: 'note'; source: ObservationSource; port?: number; text: string }
  /** What an asset inventory says, taken as a claim by the inventory's owner. */
  | {
      kind: 'inventory';
      source: ObservationSource;
      maker?: string;
      model?: string;
      firmware?: string;
      note?: string;
    };

export type ObservationKind = Observation['kind'];

/** Everything seen about one host. `address` is an IP address, or a name where no address is known. */
export interface HostObservations {
  address: string;
  observations: Observation[];
}
