/** New names after a conflict (RFC 6762 §9): `Name` → `Name (2)` → `Name (3)`; host `tv.local` → `tv-2.local`. */
import { joinLabels, splitLabels } from "../dns/name.js";
import { defaultHostName, truncateLabel } from "./zone.js";

const encoder = new TextEncoder();

/** Cuts `base` so that `base + suffix` fits in one 63-byte label. */
function withSuffix(base: string, suffix: string): string {
  const room = 63 - encoder.encode(suffix).length;
  let cut = truncateLabel(base);
  while (encoder.encode(cut).length > room) cut = [...cut].slice(0, -1).join("");
  return `${cut}${suffix}`;
}

/** `Living Room` → `Living Room (2)`; `Living Room (2)` → `Living Room (3)`. */
export function renameInstance(name: string): string {
  const match = /^(.*) \((\d+)\)$/s.exec(name);
  const base = match ? (match[1] as string) : name;
  const n = match ? Number(match[2]) + 1 : 2;
  return withSuffix(base, ` (${n})`);
}

/** `Living-Room.local` → `Living-Room-2.local` → `Living-Room-3.local` (first label only). */
export function renameHost(hostName: string | undefined, instance: string): string {
  const labels = splitLabels(hostName ?? defaultHostName(truncateLabel(instance)));
  const first = labels[0] ?? "device";
  const match = /^(.*)-(\d+)$/s.exec(first);
  const base = match ? (match[1] as string) : first;
  const n = match ? Number(match[2]) + 1 : 2;
  return joinLabels([withSuffix(base, `-${n}`), ...labels.slice(1)]);
}
