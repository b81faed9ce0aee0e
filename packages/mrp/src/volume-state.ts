/**
 * The device's volume as it pushes it: availability and capabilities,
 * the volume of its own output device, and per-output-device volumes
 * (mrp.md §13). Created with the client so the pushes that arrive during the
 * connect sequence are not missed.
 */
import { TypedEmitter } from "@atv/core";
import { MessageType } from "./codec/protocol-message.js";
import { VolumeCapabilities } from "./gen/atv/mrp/audio_pb.js";
import type { ProtocolMessage } from "./gen/atv/mrp/protocol_message_pb.js";
import type { MrpSession } from "./session.js";

export interface VolumeStateEvents {
  /** Percent (0–100) of the device itself. */
  volume: [oldLevel: number, newLevel: number];
  /** Percent of another output device (by UID). */
  deviceVolume: [uid: string, oldLevel: number, newLevel: number];
}

/** 0.0–1.0 → percent with one decimal, clamped. */
export function toPercent(volume: number): number {
  return Math.min(100, Math.max(0, Math.round(volume * 1000) / 10));
}

export class VolumeState extends TypedEmitter<VolumeStateEvents> {
  available = false;
  capabilities: number = VolumeCapabilities.NONE;
  /** False until the device sent a volume-control availability (some devices never do). */
  known = false;
  /** Percent. */
  level = 0;
  readonly deviceLevels = new Map<string, number>();
  readonly #ownUid: () => string | undefined;

  constructor(session: Pick<MrpSession, "listen">, ownUid: () => string | undefined) {
    super();
    this.#ownUid = ownUid;
    session.listen(MessageType.VOLUME_CONTROL_AVAILABILITY_MESSAGE, (m) => {
      const inner = m.volumeControlAvailabilityMessage;
      if (inner) this.#availability(inner.volumeControlAvailable, inner.volumeCapabilities);
    });
    session.listen(MessageType.VOLUME_CONTROL_CAPABILITIES_DID_CHANGE_MESSAGE, (m) => {
      const inner = m.volumeControlCapabilitiesDidChangeMessage;
      const uid = inner?.outputDeviceUID;
      if (inner?.capabilities && (!uid || uid === this.#ownUid())) {
        this.#availability(inner.capabilities.volumeControlAvailable, inner.capabilities.volumeCapabilities);
      }
    });
    session.listen(MessageType.VOLUME_DID_CHANGE_MESSAGE, (m) => this.#didChange(m));
  }

  get absolute(): boolean {
    return (this.capabilities & VolumeCapabilities.ABSOLUTE) !== 0;
  }

  get relative(): boolean {
    return (this.capabilities & VolumeCapabilities.RELATIVE) !== 0;
  }

  #availability(available: boolean, capabilities: number): void {
    this.known = true;
    this.available = available;
    this.capabilities = capabilities;
  }

  #didChange(message: ProtocolMessage): void {
    const inner = message.volumeDidChangeMessage;
    if (!inner || !Number.isFinite(inner.volume)) return;
    const level = toPercent(inner.volume);
    const uid = inner.outputDeviceUID;
    if (uid === this.#ownUid()) {
      const old = this.level;
      this.level = level;
      if (old !== level) this.emit("volume", old, level);
    } else if (uid) {
      const old = this.deviceLevels.get(uid) ?? 0;
      this.deviceLevels.set(uid, level);
      if (old !== level) this.emit("deviceVolume", uid, old, level);
    }
  }
}
