/**
 * The fake Companion device's state: identity, pairings, apps, accounts, power, volume, keyboard,
 * and a recorder of what clients sent. Plain data; use cases change it and notify clients.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { InputAction } from "@atv/core";
import { MediaControlFlags, SystemStatus } from "../codec/constants.js";

export interface CompanionIdentity {
  /** Instance name advertised (and shown by `atv scan`). */
  name: string;
  /** `rpMd`. */
  model: string;
  /** `rpMRtID`: the MediaRemote route id (the device identifier atv uses). */
  mediaRouteId: string;
  /** HAP pairing identifier of the device. */
  pairingId: string;
  /** `rpBA`: Bluetooth address. */
  bluetoothAddress: string;
  /** `rpFl`: pairing flags (0x4000 = PIN pairing possible). */
  flags: number;
  /** `rpVr`: Rapport version. */
  rapportVersion: string;
  /** `rpHA`: HomeKit hashed id. */
  homeKitId: string;
}

export function defaultCompanionIdentity(overrides: Partial<CompanionIdentity> = {}): CompanionIdentity {
  return {
    name: "Living Room",
    model: "AppleTV6,2",
    mediaRouteId: randomUUID().toUpperCase(),
    pairingId: randomUUID().toUpperCase(),
    bluetoothAddress: "AA:BB:CC:DD:EE:01",
    flags: 0x36782,
    rapportVersion: "360.4",
    homeKitId: randomBytes(6).toString("hex"),
    ...overrides,
  };
}

/** A button as the device understood it: its `_hidC` code and the action. */
export interface ReceivedButton {
  readonly code: number;
  readonly action: InputAction;
}

export interface ReceivedTouch {
  readonly x: number;
  readonly y: number;
  readonly phase: number;
  readonly ns: number;
}

export interface ReceivedMediaCommand {
  readonly command: number;
  readonly args: Record<string, unknown>;
}

export class CompanionDeviceState {
  readonly identity: CompanionIdentity;
  /** Client pairing id (hex) → client LTPK. */
  readonly pairings = new Map<string, Uint8Array>();
  /** Bundle id → name (insertion order is the order the device lists them). */
  readonly apps = new Map<string, string>([
    ["com.apple.TVMusic", "Music"],
    ["com.netflix.Netflix", "Netflix"],
  ]);
  /** Account id → name. */
  readonly accounts = new Map<string, string>([
    ["account-1", "Alice"],
    ["account-2", "Bob"],
  ]);
  activeAccount: string | undefined = "account-1";
  activeApp: string | undefined;
  /** URLs opened with `_launchApp {_urlS}`. */
  readonly openedUrls: string[] = [];
  systemStatus: SystemStatus = SystemStatus.Awake;
  /** 0.0–1.0. */
  volume = 0.5;
  /** `_mcF` sent in `_iMC`. */
  mediaControlFlags: number =
    MediaControlFlags.Play |
    MediaControlFlags.Pause |
    MediaControlFlags.NextTrack |
    MediaControlFlags.PreviousTrack |
    MediaControlFlags.Volume |
    MediaControlFlags.SkipForward |
    MediaControlFlags.SkipBackward;
  /** Focused text field, or undefined when none has focus. */
  keyboard: { sessionUuid: Uint8Array; text: string } | undefined;
  /** Answer `_sessionStart` with "Unsupported service type", as some devices do. */
  refuseSessionStart = false;
  /** Requests the device answers with "No request handler". */
  readonly unhandled = new Set<string>();
  /** Recorders. */
  readonly buttons: ReceivedButton[] = [];
  readonly touches: ReceivedTouch[] = [];
  readonly mediaCommands: ReceivedMediaCommand[] = [];
  /** Every `_i` received, in order (requests and events). */
  readonly received: string[] = [];
  /** The `_c` of the last `_systemInfo`. */
  lastSystemInfo: Record<string, unknown> | undefined;
  /** Set once a client completed pair-verify. */
  hasAuthenticated = false;

  constructor(identity: CompanionIdentity = defaultCompanionIdentity()) {
    this.identity = identity;
  }

  get poweredOn(): boolean {
    return this.systemStatus !== SystemStatus.Asleep;
  }
}
