/** Audio over MRP: volume, its availability, and AirPlay output devices (speaker groups) (mrp.md §13). */
import {
  NotSupportedError,
  OperationTimeoutError,
  ProtocolError,
  TypedEmitter,
  type Audio,
  type AudioEvents,
  type CallOptions,
  type OutputDevice,
} from "@atv/core";
import { HidKeys } from "../codec/hid.js";
import { modifyOutputContextMessage, setVolumeMessage, type OutputContextChange } from "../codec/messages.js";
import { MessageType } from "../codec/protocol-message.js";
import type { DeviceInfoMessage } from "../gen/atv/mrp/device_info_pb.js";
import type { VolumeState } from "../volume-state.js";
import type { MrpContext } from "../context.js";
import { pressKey } from "./hid-press.js";
import type { MrpClient } from "../client.js";

/** Step used by volumeUp/Down when the device only supports absolute volume (pyatv: 5 %). */
export const ABSOLUTE_VOLUME_STEP = 5;

/** The output devices DeviceInfo describes: the device itself when it leads the group, plus its grouped devices. */
export function outputDevicesOf(
  info: DeviceInfoMessage,
  volumes: ReadonlyMap<string, number>,
): OutputDevice[] {
  const devices: OutputDevice[] = [];
  const add = (identifier: string, name: string | undefined): void => {
    const volume = volumes.get(identifier);
    devices.push(volume === undefined ? { identifier, name } : { identifier, name, volume });
  };
  if (info.isGroupLeader && !info.isProxyGroupPlayer && info.uniqueIdentifier)
    add(info.uniqueIdentifier, info.name || undefined);
  for (const device of info.groupedDevices)
    if (device.deviceUID) add(device.deviceUID, device.name || undefined);
  return devices;
}

function sameDevices(a: readonly OutputDevice[], b: readonly OutputDevice[]): boolean {
  return (
    a.length === b.length && a.every((d, i) => d.identifier === b[i]?.identifier && d.name === b[i]?.name)
  );
}

export class MrpAudio extends TypedEmitter<AudioEvents> implements Audio {
  readonly #ctx: MrpContext;
  #outputDevices: OutputDevice[] = [];

  constructor(ctx: MrpContext) {
    super();
    this.#ctx = ctx;
    ctx.whenConnected((client) => this.#attach(client));
  }

  #attach(client: MrpClient): void {
    this.#outputDevices = outputDevicesOf(client.deviceInfo, client.volume.deviceLevels);
    client.volume.on("volume", (old, level) => this.emit("volumeChanged", old, level));
    client.volume.on("deviceVolume", (uid, old, level) => {
      this.#outputDevices = outputDevicesOf(client.deviceInfo, client.volume.deviceLevels);
      const device = this.#outputDevices.find((d) => d.identifier === uid) ?? {
        identifier: uid,
        volume: level,
      };
      this.emit("outputDeviceVolumeChanged", device, old, level);
    });
    client.on("deviceInfo", (info) => this.#deviceInfoChanged(info, client));
  }

  get #client(): MrpClient {
    return this.#ctx.client;
  }

  get #volumeState(): VolumeState | undefined {
    return this.#ctx.current?.volume;
  }

  /** Volume in percent (0–100) as last reported by the device. */
  get volume(): number {
    return this.#volumeState?.level ?? 0;
  }

  /** Volume can be controlled: the device says so and its output-device UID is known. */
  get available(): boolean {
    return (this.#volumeState?.available ?? false) && this.#ownUid !== undefined;
  }

  /** VolumeCapabilities bits (1 relative, 2 absolute). */
  get capabilities(): number {
    return this.#volumeState?.capabilities ?? 0;
  }

  get absolute(): boolean {
    return this.#volumeState?.absolute ?? false;
  }

  get relative(): boolean {
    return this.#volumeState?.relative ?? false;
  }

  get outputDevices(): readonly OutputDevice[] {
    return this.#outputDevices;
  }

  /**
   * Sets the volume (percent) of the device, or of one output device; waits for
   * the device's VOLUME_DID_CHANGE. ProtocolError outside 0–100 or without an output device.
   */
  async setVolume(level: number, options: CallOptions & { outputDevice?: OutputDevice } = {}): Promise<void> {
    if (!(level >= 0 && level <= 100)) throw new ProtocolError(`volume must be 0–100, got ${level}`);
    const uid = options.outputDevice?.identifier ?? this.#ownUid;
    if (uid === undefined)
      throw new ProtocolError("the device reported no output device to set the volume of");
    const own = uid === this.#ownUid;
    const current = own ? this.volume : this.#client.volume.deviceLevels.get(uid);
    const changed = this.#client.session.waitFor(
      MessageType.VOLUME_DID_CHANGE_MESSAGE,
      (m) => m.volumeDidChangeMessage?.outputDeviceUID === uid,
      options.signal ? { signal: options.signal } : {},
    );
    try {
      this.#client.session.send(setVolumeMessage(level / 100, uid));
    } catch (error) {
      changed.catch(() => undefined);
      throw error;
    }
    // Wait for the device's confirmation unless nothing will change, or the device said it
    // does not report an absolute level (pyatv; then no confirmation comes). A device that
    // never sent its capabilities is waited for (a deliberate difference: pyatv returns at once).
    const noConfirmation = own && (this.#volumeState?.known ?? false) && !this.absolute;
    if (current === level || noConfirmation) {
      changed.catch(() => undefined);
      return;
    }
    await changed;
  }

  /** One device-defined step up; resolves when the device reports the new volume. */
  volumeUp(options: CallOptions = {}): Promise<void> {
    return this.#step(+1, options);
  }

  volumeDown(options: CallOptions = {}): Promise<void> {
    return this.#step(-1, options);
  }

  addOutputDevices(deviceIds: readonly string[], options: CallOptions = {}): Promise<void> {
    return this.#modify({ adding: deviceIds }, options);
  }

  removeOutputDevices(deviceIds: readonly string[], options: CallOptions = {}): Promise<void> {
    return this.#modify({ removing: deviceIds }, options);
  }

  setOutputDevices(deviceIds: readonly string[], options: CallOptions = {}): Promise<void> {
    return this.#modify({ setting: deviceIds }, options);
  }

  get #ownUid(): string | undefined {
    return this.#ctx.current?.outputDeviceUid;
  }

  /**
   * pyatv's volume_up/down: the 0/100 bound applies only to an absolute level;
   * a relative device gets the HID key, and the call waits for the device's
   * VOLUME_DID_CHANGE only when it also reports an absolute level (a
   * relative-only device, e.g. HDMI-CEC or IR volume, never sends one); an
   * absolute-only device is set to the level ±5 %.
   */
  async #step(direction: 1 | -1, options: CallOptions): Promise<void> {
    if (!this.available) throw new NotSupportedError("volume control is not available on this device now");
    const volume = this.volume;
    if (this.absolute && ((direction > 0 && volume >= 100) || (direction < 0 && volume <= 0))) return;
    if (!this.relative) {
      if (!this.absolute)
        throw new NotSupportedError("the device supports neither relative nor absolute volume");
      const target = Math.min(100, Math.max(0, volume + direction * ABSOLUTE_VOLUME_STEP));
      return this.setVolume(target, options);
    }
    const key = direction > 0 ? HidKeys.volumeUp : HidKeys.volumeDown;
    const press = { ...options, flush: false };
    if (!this.absolute) {
      await pressKey(this.#client.session, key, undefined, press);
      return;
    }
    const uid = this.#ownUid;
    const changed = this.#client.session.waitFor(
      MessageType.VOLUME_DID_CHANGE_MESSAGE,
      (m) => m.volumeDidChangeMessage?.outputDeviceUID === uid,
      options.signal ? { signal: options.signal } : {},
    );
    try {
      await pressKey(this.#client.session, key, undefined, press);
    } catch (error) {
      changed.catch(() => undefined);
      throw error;
    }
    await changed;
  }

  /**
   * Sends the change and waits (pyatv: up to 5 s) for the DEVICE_INFO_UPDATE
   * that reports the new group. As pyatv, a device that does not report it in
   * time is tolerated: the call resolves. A caller's abort still rejects.
   */
  async #modify(change: OutputContextChange, options: CallOptions): Promise<void> {
    const updated = this.#client.session.waitFor(
      MessageType.DEVICE_INFO_UPDATE_MESSAGE,
      () => true,
      options.signal ? { signal: options.signal } : {},
    );
    try {
      this.#client.session.send(modifyOutputContextMessage(change));
    } catch (error) {
      updated.catch(() => undefined);
      throw error;
    }
    try {
      await updated;
    } catch (error) {
      if (!(error instanceof OperationTimeoutError)) throw error;
      this.#client.logger("no DEVICE_INFO_UPDATE after changing output devices; ignored as pyatv does");
    }
  }

  #deviceInfoChanged(info: DeviceInfoMessage, client: MrpClient): void {
    const old = this.#outputDevices;
    const next = outputDevicesOf(info, client.volume.deviceLevels);
    this.#outputDevices = next;
    if (!sameDevices(old, next)) this.emit("outputDevicesChanged", old, next);
  }
}
