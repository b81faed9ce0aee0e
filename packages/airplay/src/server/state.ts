/** State of the fake AirPlay receiver: identity, paired controllers, playback, and a recorder. */
import { randomBytes, randomUUID } from "node:crypto";
import { ed25519 } from "@atv/hap-crypto";
import { formatFeatures } from "../discovery.js";

export interface ReceiverIdentity {
  name: string;
  /** `deviceid`: the MAC, also the AirPlay identifier. */
  deviceId: string;
  model: string;
  /** 64-bit feature value. */
  features: bigint;
  /** Status flags (`flags`). */
  flags: number;
  osVersion: string;
  sourceVersion: string;
  /** `pi`: the pairing identity (UUID); also the HAP pairing identifier. */
  pairingIdentity: string;
  /** `psi`: the public (system) identifier. */
  publicIdentity: string;
  /** Ed25519 seed of the receiver (its long-term identity). */
  ltsk: Uint8Array;
}

export type PlaybackPhase = "idle" | "loading" | "playing" | "finished" | "failed";

export interface PlaybackState {
  phase: PlaybackPhase;
  url: string | undefined;
  startPosition: number | undefined;
  sessionId: string | undefined;
  playCount: number;
  /** `/playback-info` polls answered while playing. */
  polls: number;
  /** What fetching a loopback URL gave (status and bytes), if it was fetched. */
  fetched: { status: number; bytes: number } | undefined;
  error: { code: number; domain: string } | undefined;
  rate: number;
  stopped: boolean;
}

export interface RecordedRequest {
  method: string;
  uri: string;
  protocol: string;
  headers: [string, string][];
  /** Pairing bodies are not kept (they would allow an offline PIN search). */
  bodyLength: number;
}

export class ReceiverState {
  readonly identity: ReceiverIdentity;
  /** Paired controllers: client id (hex) → Ed25519 LTPK. */
  readonly controllers = new Map<string, Uint8Array>();
  readonly playback: PlaybackState = ReceiverState.#idle();
  /** Every request received (newest last, at most 500). */
  readonly requests: RecordedRequest[] = [];
  /** `X-Apple-Client-Name` values seen on /pair-pin-start and /pair-setup. */
  readonly clientNames: string[] = [];
  /** How many `/playback-info` polls report "playing" before playback finishes. */
  playingPolls = 2;
  /** Answer `/play` with this status instead of 200 (tests of device errors). */
  playStatus = 200;
  /** Answer `/playback-info` with this error once playing (tests of playback failures). */
  failPlaybackWith: { code: number; domain: string } | undefined;
  /** Never answer `/playback-info` (tests of timeouts). */
  silent = false;

  constructor(identity: Partial<ReceiverIdentity> = {}) {
    const mac = [...randomBytes(6)].map((b) => b.toString(16).padStart(2, "0").toUpperCase());
    mac[0] = "02";
    this.identity = {
      name: "Living Room",
      deviceId: mac.join(":"),
      model: "AppleTV6,2",
      features: 0xbc157fde4a7fdfd5n,
      flags: 0x244,
      osVersion: "14.7",
      sourceVersion: "550.10",
      pairingIdentity: randomUUID(),
      publicIdentity: randomUUID(),
      ltsk: randomBytes(32),
      ...identity,
    };
  }

  get publicKey(): Uint8Array {
    return ed25519.generateKeyPair(this.identity.ltsk).publicKey;
  }

  /** The TXT record of `_airplay._tcp` (keys as real receivers send them). */
  get properties(): Record<string, string> {
    const id = this.identity;
    return {
      acl: "0",
      deviceid: id.deviceId,
      features: formatFeatures(id.features),
      flags: `0x${id.flags.toString(16)}`,
      gid: id.publicIdentity.toUpperCase(),
      igl: "1",
      gcgl: "1",
      model: id.model,
      protovers: "1.1",
      pi: id.pairingIdentity,
      psi: id.publicIdentity.toUpperCase(),
      pk: Buffer.from(this.publicKey).toString("hex"),
      srcvers: id.sourceVersion,
      osvers: id.osVersion,
      vv: "2",
    };
  }

  resetPlayback(): void {
    Object.assign(this.playback, ReceiverState.#idle(), { playCount: this.playback.playCount });
  }

  record(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > 500) this.requests.shift();
  }

  static #idle(): PlaybackState {
    return {
      phase: "idle",
      url: undefined,
      startPosition: undefined,
      sessionId: undefined,
      playCount: 0,
      polls: 0,
      fetched: undefined,
      error: undefined,
      rate: 0,
      stopped: false,
    };
  }
}
