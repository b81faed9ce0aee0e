/**
 * Keys of the tunnel's two extra channels (hap-pairing.md §4): the event channel (`Events-Salt`,
 * the client writes with `Events-Read-Encryption-Key`) and the data channel
 * (`DataStream-Salt<seed>`, the client writes with `DataStream-Output-Encryption-Key`). `secret` is
 * the control connection's shared secret: the pair-verify X25519 secret, or SRP K after transient
 * pairing.
 */
import { deriveAirPlayDataStreamKeys, deriveAirPlayEventKeys, type SessionKeys } from "@atv/hap-crypto";

export type TunnelRole = "client" | "device";

/** The salt of the data channel's keys: `DataStream-Salt` + the seed as unsigned decimal. */
export function dataStreamSalt(seed: bigint): string {
  if (seed < 0n || seed >= 1n << 64n)
    throw new RangeError("data-stream seed must be an unsigned 64-bit bigint");
  return `DataStream-Salt${seed.toString(10)}`;
}

export function eventChannelKeys(secret: Uint8Array, role: TunnelRole): SessionKeys {
  return deriveAirPlayEventKeys(secret, role === "client" ? "client" : "server");
}

export function dataStreamKeys(secret: Uint8Array, seed: bigint, role: TunnelRole): SessionKeys {
  dataStreamSalt(seed);
  return deriveAirPlayDataStreamKeys(secret, seed, role === "client" ? "client" : "server");
}
