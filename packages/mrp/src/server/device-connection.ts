/**
 * One client connected to the fake device: answers its messages the way an
 * Apple TV does (device info, pairing, config, keyboard, HID, commands, volume,
 * artwork, output devices) and forwards state pushes once it asked for them.
 */
import type { Logger } from "@atv/core";
import { decodeHidEvent } from "../codec/hid.js";
import { MessageType, messageTypeName } from "../codec/protocol-message.js";
import type { MrpTransport } from "../connection.js";
import type { ProtocolMessage } from "../gen/atv/mrp/protocol_message_pb.js";
import { DevicePairing } from "./device-pairing.js";
import * as out from "./device-messages.js";
import {
  handleCommand,
  handleHidEvent,
  handleModifyOutputContext,
  handleSetVolume,
  type HidTracker,
} from "./handlers.js";
import type { MrpDeviceState } from "./state.js";
import type { MrpUseCases } from "./use-cases.js";

/** What to do with a received message instead of the normal handling (tests of failure paths). */
export type InterceptAction = "drop" | "close" | "ignore" | undefined;
export type Interceptor = (message: ProtocolMessage) => InterceptAction;

export interface DeviceConnectionOptions {
  state: MrpDeviceState;
  useCases: MrpUseCases;
  broadcast: (...messages: ProtocolMessage[]) => void;
  ltsk: Uint8Array;
  pin: string | (() => string);
  interceptor: () => Interceptor | undefined;
  logger: Logger;
}

export class DeviceConnection {
  /** The client's transport: TCP (MrpConnection) or a channel such as the AirPlay tunnel. */
  readonly connection: MrpTransport & { reset?(): void };
  readonly #o: DeviceConnectionOptions;
  readonly #pairing: DevicePairing;
  readonly #hid: HidTracker = { down: new Map(), lastTap: undefined };
  #sawDeviceInfo = false;
  /** True once the client sent CLIENT_UPDATES_CONFIG: it then receives state pushes. */
  wantsUpdates = false;

  constructor(connection: MrpTransport & { reset?(): void }, options: DeviceConnectionOptions) {
    this.connection = connection;
    this.#o = options;
    this.#pairing = new DevicePairing({ state: options.state, ltsk: options.ltsk, pin: options.pin });
    connection.on("message", (message) => this.#onMessage(message));
    connection.on("closed", () => this.#pairing.dispose());
  }

  /** Drops the connection at once (TCP reset), or closes it when the transport cannot reset. */
  drop(): void {
    if (this.connection.reset) this.connection.reset();
    else void this.connection.close();
  }

  /** Sends unless the connection is gone (pushes race with disconnects). */
  push(...messages: ProtocolMessage[]): void {
    for (const message of messages) {
      if (this.connection.closed) return;
      try {
        this.connection.send(message);
      } catch {
        return;
      }
    }
  }

  #onMessage(message: ProtocolMessage): void {
    const { state } = this.#o;
    state.receivedTypes.push(message.type);
    const action = this.#o.interceptor()?.(message);
    if (action === "drop") return this.drop();
    if (action === "close") return void this.connection.close();
    if (action === "ignore") return;
    // A real device ignores everything before the client's DEVICE_INFO.
    if (!this.#sawDeviceInfo && message.type !== MessageType.DEVICE_INFO_MESSAGE) return;
    try {
      this.#handle(message);
    } catch (error) {
      this.#o.logger("device: %s handler failed: %s", messageTypeName(message.type), String(error));
    }
  }

  #handle(message: ProtocolMessage): void {
    const { state, useCases } = this.#o;
    const id = message.identifier;
    switch (message.type) {
      case MessageType.DEVICE_INFO_MESSAGE:
        this.#sawDeviceInfo = true;
        if (message.deviceInfoMessage) state.clientInfos.push(message.deviceInfoMessage);
        return this.push(out.deviceInfoReply(state, id));
      case MessageType.CRYPTO_PAIRING_MESSAGE: {
        const data = message.cryptoPairingMessage?.pairingData ?? new Uint8Array();
        const step = this.#pairing.handle(data);
        if (step.error) this.#o.logger("device: pairing step refused: %s", step.error.message);
        this.push(out.cryptoPairingReply(step.reply));
        if (step.cipher) this.connection.enableEncryption(step.cipher);
        return;
      }
      case MessageType.SET_CONNECTION_STATE_MESSAGE:
        return;
      case MessageType.CLIENT_UPDATES_CONFIG_MESSAGE:
        this.wantsUpdates = true;
        this.push(...this.#fullState(), out.emptyReply(id));
        return;
      case MessageType.GET_KEYBOARD_SESSION_MESSAGE:
        return this.push(out.keyboardReply(id));
      case MessageType.GENERIC_MESSAGE:
        return this.push(out.emptyReply(id));
      case MessageType.SEND_HID_EVENT_MESSAGE: {
        const event = decodeHidEvent(message.sendHIDEventMessage?.hidEventData ?? new Uint8Array());
        this.push(out.emptyReply());
        return handleHidEvent(state, useCases, this.#o.broadcast, this.#hid, event);
      }
      case MessageType.SEND_COMMAND_MESSAGE:
        return this.push(...handleCommand(state, message, this.#o.broadcast));
      case MessageType.SET_VOLUME_MESSAGE:
        handleSetVolume(state, message, this.#o.broadcast);
        return this.push(out.emptyReply());
      case MessageType.PLAYBACK_QUEUE_REQUEST_MESSAGE:
        return this.push(out.artworkReply(state.nowPlaying, id));
      case MessageType.WAKE_DEVICE_MESSAGE:
        return useCases.powerOn();
      case MessageType.MODIFY_OUTPUT_CONTEXT_REQUEST_MESSAGE:
        handleModifyOutputContext(state, message, this.#o.broadcast);
        if (id) this.push(out.emptyReply(id));
        return;
      default:
        if (id) this.push(out.emptyReply(id));
    }
  }

  /** Everything a client needs after CLIENT_UPDATES_CONFIG: players, now playing, volume. */
  #fullState(): ProtocolMessage[] {
    const { state } = this.#o;
    const messages: ProtocolMessage[] = [];
    for (const player of state.players.values()) messages.push(out.setState(player));
    const playing = state.nowPlaying;
    if (playing) {
      messages.push(out.setNowPlayingClient(playing));
      if (state.activePlayers.has(playing.bundleIdentifier)) messages.push(out.setNowPlayingPlayer(playing));
    }
    messages.push(
      out.volumeControlAvailability(state),
      out.volumeControlCapabilitiesDidChange(state),
      out.volumeDidChange(state.volume, state.volumeUid),
    );
    for (const device of state.groupedDevices)
      messages.push(out.volumeDidChange(device.volume, device.identifier));
    return messages;
  }
}
