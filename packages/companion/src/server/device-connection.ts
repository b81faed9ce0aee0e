/**
 * One client connected to the fake Companion device: pairing, then the encrypted requests and
 * events of companion.md §6–7 answered from the state; events pushed once the client asked.
 */
import { randomInt } from "node:crypto";
import type { Logger } from "@atv/core";
import { FrameType, frameTypeName } from "../codec/frame.js";
import {
  MessageKind,
  errorResponse,
  parseMessage,
  responseMessage,
  type CompanionMessage,
} from "../codec/message.js";
import { NO_REQUEST_HANDLER } from "../codec/constants.js";
import type { OpackValue } from "../codec/opack.js";
import { pairingData } from "../codec/pairing.js";
import type { CompanionConnection } from "../connection.js";
import { DevicePairing, type FixedPairingSecrets } from "./device-pairing.js";
import { eventHandlers, requestHandlers, type HandlerContext, type HidTracker } from "./handlers.js";
import type { CompanionDeviceState } from "./state.js";
import type { CompanionUseCases } from "./use-cases.js";

export type InterceptAction = "drop" | "close" | "ignore" | undefined;
export type Interceptor = (message: CompanionMessage) => InterceptAction;

export interface DeviceConnectionOptions {
  state: CompanionDeviceState;
  useCases: CompanionUseCases;
  ltsk: Uint8Array;
  pin: string | (() => string);
  fixedSecrets?: FixedPairingSecrets | undefined;
  interceptor: () => Interceptor | undefined;
  logger: Logger;
}

export class DeviceConnection {
  readonly connection: CompanionConnection;
  readonly subscriptions = new Set<string>();
  readonly #o: DeviceConnectionOptions;
  readonly #pairing: DevicePairing;
  readonly #hid: HidTracker = { down: new Map(), lastTap: undefined };
  #xid = randomInt(0, 30_000);

  constructor(connection: CompanionConnection, options: DeviceConnectionOptions) {
    this.connection = connection;
    this.#o = options;
    this.#pairing = new DevicePairing({
      state: options.state,
      ltsk: options.ltsk,
      pin: options.pin,
      ...(options.fixedSecrets ? { fixedSecrets: options.fixedSecrets } : {}),
    });
    connection.on("frame", (type, value) => this.#onFrame(type, value));
    connection.on("closed", () => this.#pairing.dispose());
  }

  /** True once pair-verify succeeded on this connection. */
  get verified(): boolean {
    return this.connection.encrypted;
  }

  /** Sends an event if the client is verified and (unless `always`) subscribed to it. */
  push(identifier: string, content: OpackValue, always = false): void {
    if (!this.verified || this.connection.closed) return;
    if (!always && !this.subscriptions.has(identifier)) return;
    this.#send({ _i: identifier, _x: this.#xid++, _t: MessageKind.Event, _c: content });
  }

  #send(value: OpackValue, type: number = FrameType.E_OPACK): void {
    try {
      this.connection.send(type, value);
    } catch {
      // The connection is going away; pushes race with disconnects.
    }
  }

  #onFrame(type: number, value: OpackValue): void {
    try {
      if (type === FrameType.PS_Start || type === FrameType.PS_Next) return this.#pairSetup(value);
      if (type === FrameType.PV_Start || type === FrameType.PV_Next) return this.#pairVerify(value);
      if (type !== FrameType.E_OPACK) return this.#o.logger("device: ignoring %s", frameTypeName(type));
      // Everything useful needs the encrypted session: plaintext requests end the connection.
      if (!this.verified) {
        this.#o.logger("device: E_OPACK before pair-verify, closing");
        return void this.connection.close();
      }
      this.#message(parseMessage(value));
    } catch (error) {
      this.#o.logger("device: bad frame: %s", error instanceof Error ? error.message : String(error));
    }
  }

  #pairSetup(value: OpackValue): void {
    const data = pairingData(value);
    if (!(data instanceof Uint8Array)) return;
    const step = this.#pairing.setup(data);
    if (step.error) this.#o.logger("device: pair-setup step refused: %s", step.error.message);
    const m2 = this.#isState(step.reply, 2);
    this.#send(m2 ? { _pd: step.reply, _pwTy: 1 } : { _pd: step.reply }, FrameType.PS_Next);
  }

  #pairVerify(value: OpackValue): void {
    const data = pairingData(value);
    if (!(data instanceof Uint8Array)) return;
    const step = this.#pairing.verify(data);
    if (step.error) this.#o.logger("device: pair-verify step refused: %s", step.error.message);
    this.#send({ _pd: step.reply }, FrameType.PV_Next);
    if (step.cipher) this.connection.enableEncryption(step.cipher);
  }

  /** True when the TLV8 `reply` has State = `state`. */
  #isState(reply: Uint8Array, state: number): boolean {
    for (let i = 0; i + 1 < reply.length; i += 2 + (reply[i + 1] as number)) {
      if (reply[i] === 0x06 && reply[i + 1] === 1) return reply[i + 2] === state;
    }
    return false;
  }

  #message(message: CompanionMessage): void {
    const { state } = this.#o;
    state.received.push(message.identifier);
    const action = this.#o.interceptor()?.(message);
    if (action === "drop") return this.connection.reset();
    if (action === "close") return void this.connection.close();
    if (action === "ignore") return;
    const context: HandlerContext = {
      state,
      useCases: this.#o.useCases,
      connection: this,
      hid: this.#hid,
    };
    if (message.kind === MessageKind.Event) {
      eventHandlers[message.identifier]?.(message.content, context);
      return;
    }
    if (message.kind !== MessageKind.Request) return;
    const handler = state.unhandled.has(message.identifier) ? undefined : requestHandlers[message.identifier];
    if (!handler) {
      this.#send(
        errorResponse(message.identifier, message.xid, NO_REQUEST_HANDLER.message, NO_REQUEST_HANDLER.code),
      );
      return;
    }
    const result = handler(message.content, context);
    if ("error" in result) {
      this.#send(errorResponse(message.identifier, message.xid, result.error, result.code));
    } else {
      this.#send(responseMessage(message.identifier, message.xid, result.content));
    }
    result.after?.();
  }
}
