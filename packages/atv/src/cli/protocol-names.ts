import type { Protocol } from "../index.js";

/** Protocol names as the CLI spells them (`--protocol mrp`). */
export const protocolNames = ["airplay", "companion", "dmap", "mrp", "raop"] as const;
export type ProtocolName = (typeof protocolNames)[number];

/** The member of the `Protocol` enum each CLI name stands for. */
export const protocolEnumKeys = {
  airplay: "AirPlay",
  companion: "Companion",
  dmap: "DMAP",
  mrp: "MRP",
  raop: "RAOP",
} as const satisfies Record<ProtocolName, keyof typeof Protocol>;

export function isProtocolName(value: string): value is ProtocolName {
  return (protocolNames as readonly string[]).includes(value);
}

/** Protocols that have a password flag (`--airplay-password`, `--raop-password`). */
export const passwordProtocols = ["airplay", "raop"] as const satisfies readonly ProtocolName[];
