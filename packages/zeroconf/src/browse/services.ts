/** Turning one responder's records into services (zeroconf.md §7), sans-IO. */
import { RecordType } from "../dns/constants.js";
import { nameKey } from "../dns/name.js";
import { parseTxt } from "../dns/txt.js";
import type { DnsName, DnsQuestion, SrvRecord, TxtRecord } from "../dns/types.js";
import { DEVICE_INFO_TYPE, parseInstanceName } from "../service-name.js";
import type { RecordStore } from "./record-store.js";

export interface ResolvedInstance {
  fullName: DnsName;
  type: string;
  instance: string;
  srv?: SrvRecord;
  txt?: TxtRecord;
  /** First IPv4 of the SRV target that is not link-local. */
  address?: string;
  /** The SRV target has A records (perhaps only link-local ones). */
  hasA: boolean;
}

function isLinkLocal(ip: string): boolean {
  return ip.startsWith("169.254.");
}

/** Every instance of a relevant type the responder told us about: PTR targets first, then other owners of SRV/TXT. */
export function resolveInstances(store: RecordStore, relevantTypes: ReadonlySet<string>): ResolvedInstance[] {
  const seen = new Set<string>();
  const out: ResolvedInstance[] = [];
  const consider = (fullName: DnsName): void => {
    const key = nameKey(fullName);
    if (seen.has(key)) return;
    const parsed = parseInstanceName(fullName);
    if (!parsed || !relevantTypes.has(parsed.type)) return;
    seen.add(key);
    // Without cache-flush bits (legacy unicast) old and new records pile up: the newest
    // SRV with a port wins (a woken device replaces its sleep proxy's port 0), else any.
    const srvs = store.get(fullName, RecordType.SRV);
    const srv = srvs.findLast((x) => x.port !== 0) ?? srvs[0];
    const txt = store.get(fullName, RecordType.TXT).at(-1);
    const a = srv ? store.get(srv.target, RecordType.A) : [];
    const address = a.find((r) => !isLinkLocal(r.address))?.address;
    out.push({
      fullName,
      type: parsed.type,
      instance: parsed.instance,
      ...(srv ? { srv } : {}),
      ...(txt ? { txt } : {}),
      ...(address ? { address } : {}),
      hasA: a.length > 0,
    });
  };
  for (const type of relevantTypes) for (const p of store.get(type, RecordType.PTR)) consider(p.target);
  for (const owner of store.ownersOf(RecordType.SRV)) consider(owner);
  for (const owner of store.ownersOf(RecordType.TXT)) consider(owner);
  return out;
}

/** Questions for what is still missing: SRV and TXT of each instance, A of each SRV target with a port. */
export function missingQuestions(instances: readonly ResolvedInstance[]): DnsQuestion[] {
  const questions: DnsQuestion[] = [];
  const asked = new Set<string>();
  const ask = (name: DnsName, type: number): void => {
    const key = `${nameKey(name)}|${type}`;
    if (asked.has(key)) return;
    asked.add(key);
    questions.push({ name, type });
  };
  for (const i of instances) {
    if (!i.txt) ask(i.fullName, RecordType.TXT);
    if (i.type === DEVICE_INFO_TYPE) continue; // TXT only, no SRV/A (zeroconf.md §8)
    if (!i.srv) ask(i.fullName, RecordType.SRV);
    else if (i.srv.port !== 0 && !i.hasA) ask(i.srv.target, RecordType.A);
  }
  return questions;
}

export function txtProperties(txt: TxtRecord | undefined): {
  properties: Record<string, string>;
  raw: Map<string, Uint8Array>;
} {
  if (!txt) return { properties: {}, raw: new Map() };
  const { properties, raw } = parseTxt(txt.entries);
  return { properties, raw };
}
