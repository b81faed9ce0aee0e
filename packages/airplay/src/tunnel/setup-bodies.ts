/**
 * The plist bodies of the remote-control session (airplay.md §6): the `isRemoteControlOnly` SETUP
 * and its `eventPort` reply, the data-stream SETUP (type 130, Media Remote client type) and its
 * `dataPort` reply, for the client and the device side. Pure; bad bodies are TunnelSetupError.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isPlistDict, type PlistDict, type PlistValue } from "../plist/index.js";
import { TunnelSetupError } from "./errors.js";

/** `clientTypeUUID` of Media Remote (MRP); the data stream pyatv and iOS's Remote open. */
export const MEDIA_REMOTE_CLIENT_TYPE_UUID = "1910A70F-DBC0-4242-AF95-115DB30604E1";
/** Stream type of a data stream in SETUP `streams`. */
export const DATA_STREAM_TYPE = 130;
/** `controlType` of the MRP data stream. */
export const DATA_STREAM_CONTROL_TYPE = 2;

/** Who the client says it is in the session SETUP (pyatv's defaults, devices.md §6). */
export interface TunnelClientInfo {
  name: string;
  deviceID: string;
  macAddress: string;
  model: string;
  osName: string;
  osVersion: string;
  osBuildVersion: string;
  sourceVersion: string;
  /** Upper-case UUID, new per session. */
  sessionUUID: string;
}

export const DEFAULT_TUNNEL_CLIENT_INFO: Readonly<Omit<TunnelClientInfo, "sessionUUID">> = {
  name: "atv",
  deviceID: "FF:70:79:61:74:76",
  macAddress: "02:70:79:61:74:76",
  model: "iPhone10,6",
  osName: "iPhone OS",
  osVersion: "14.7.1",
  osBuildVersion: "18G82",
  sourceVersion: "550.10",
};

/** The body of `SETUP rtsp://<ip>/<session id>` that opens a remote-control-only session. */
export function remoteControlSetupBody(info: Partial<TunnelClientInfo> = {}): PlistDict {
  const full: TunnelClientInfo = {
    ...DEFAULT_TUNNEL_CLIENT_INFO,
    sessionUUID: randomUUID().toUpperCase(),
    ...info,
  };
  return {
    isRemoteControlOnly: true,
    osName: full.osName,
    sourceVersion: full.sourceVersion,
    timingProtocol: "None",
    model: full.model,
    deviceID: full.deviceID,
    osVersion: full.osVersion,
    osBuildVersion: full.osBuildVersion,
    macAddress: full.macAddress,
    sessionUUID: full.sessionUUID,
    name: full.name,
  };
}

function port(value: PlistValue | undefined, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new TunnelSetupError(`${what} is not a TCP port (1..65535)`);
  }
  return value;
}

function dict(value: unknown, what: string): PlistDict {
  if (!isPlistDict(value)) throw new TunnelSetupError(`${what} is not a dictionary`);
  return value;
}

function text(value: PlistValue | undefined, what: string, maxLength = 256): string {
  if (typeof value !== "string" || value.length > maxLength) {
    throw new TunnelSetupError(`${what} is not a string of at most ${maxLength} characters`);
  }
  return value;
}

/** The `eventPort` of the session SETUP reply. */
export function parseRemoteControlSetupResponse(body: unknown): { eventPort: number } {
  return { eventPort: port(dict(body, "SETUP reply")["eventPort"], "SETUP reply eventPort") };
}

/** A data-stream seed: uniformly random below 2^63 (its signed and unsigned forms agree). */
export function newDataStreamSeed(): bigint {
  return randomBytes(8).readBigUInt64BE() & ((1n << 63n) - 1n);
}

export interface DataStreamSetup {
  /** Below 2^63 when we choose it; devices may receive any u64 (normalised from signed). */
  seed: bigint;
  channelID: string;
  clientUUID: string;
  clientTypeUUID: string;
  controlType: number;
  wantsDedicatedSocket: boolean;
}

/** The body of the data-stream SETUP: one stream of type 130 for Media Remote. */
export function dataStreamSetupBody(options: Partial<DataStreamSetup> = {}): PlistDict {
  const seed = options.seed ?? newDataStreamSeed();
  if (typeof seed !== "bigint" || seed < 0n || seed >= 1n << 63n) {
    throw new RangeError("data-stream seed must be a bigint in 0..2^63-1");
  }
  return {
    streams: [
      {
        controlType: options.controlType ?? DATA_STREAM_CONTROL_TYPE,
        channelID: options.channelID ?? randomUUID().toUpperCase(),
        seed,
        clientUUID: options.clientUUID ?? randomUUID().toUpperCase(),
        type: DATA_STREAM_TYPE,
        wantsDedicatedSocket: options.wantsDedicatedSocket ?? true,
        clientTypeUUID: options.clientTypeUUID ?? MEDIA_REMOTE_CLIENT_TYPE_UUID,
      },
    ],
  };
}

/**
 * The `dataPort` (and `streamID`) of the data stream in the SETUP reply: the stream of type 130,
 * else the first one (pyatv reads `streams[0]` without looking at its type).
 */
export function parseDataStreamSetupResponse(body: unknown): {
  dataPort: number;
  streamID: number | undefined;
} {
  const streams = dict(body, "stream SETUP reply")["streams"];
  if (!Array.isArray(streams) || streams.length === 0) {
    throw new TunnelSetupError("stream SETUP reply has no streams");
  }
  const candidates = streams.slice(0, 64).filter(isPlistDict);
  const entry = candidates.find((s) => s["type"] === DATA_STREAM_TYPE) ?? candidates[0];
  if (!entry) throw new TunnelSetupError("stream SETUP reply has no stream dictionary");
  const id = entry["streamID"];
  return {
    dataPort: port(entry["dataPort"], "stream SETUP reply dataPort"),
    streamID: typeof id === "number" && Number.isSafeInteger(id) ? id : undefined,
  };
}

// ---- device side ----

/** What a device learns from a session SETUP. */
export interface RemoteControlSetupRequest {
  /** False for a normal (audio/video) session SETUP. */
  isRemoteControlOnly: boolean;
  /** The client's fields that are strings (name, deviceID, model, sessionUUID …). */
  client: Partial<TunnelClientInfo>;
}

const CLIENT_KEYS: readonly (keyof TunnelClientInfo)[] = [
  "name",
  "deviceID",
  "macAddress",
  "model",
  "osName",
  "osVersion",
  "osBuildVersion",
  "sourceVersion",
  "sessionUUID",
];

/** Reads a session SETUP body (one without `streams`). */
export function parseRemoteControlSetupRequest(body: unknown): RemoteControlSetupRequest {
  const d = dict(body, "SETUP body");
  if (d["streams"] !== undefined) throw new TunnelSetupError("SETUP body has streams: not a session SETUP");
  const client: Partial<TunnelClientInfo> = {};
  for (const key of CLIENT_KEYS) {
    const value = d[key];
    if (value !== undefined) client[key] = text(value, `SETUP ${key}`);
  }
  return { isRemoteControlOnly: d["isRemoteControlOnly"] === true, client };
}

/** The device's reply to a session SETUP. */
export function remoteControlSetupResponse(eventPort: number): PlistDict {
  return { eventPort: port(eventPort, "eventPort") };
}

/** A signed or unsigned 64-bit plist integer as the unsigned value the salt uses. */
export function seedFromPlist(value: PlistValue | undefined): bigint {
  let seed: bigint;
  if (typeof value === "bigint") seed = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) seed = BigInt(value);
  else throw new TunnelSetupError("stream seed is not an integer");
  if (seed < 0n) seed += 1n << 64n;
  if (seed < 0n || seed >= 1n << 64n) throw new TunnelSetupError("stream seed is outside 64 bits");
  return seed;
}

/**
 * Reads a stream SETUP body and returns its data stream (type 130), or undefined when it sets up
 * other streams (audio): the caller handles those.
 */
export function parseDataStreamSetupRequest(body: unknown): DataStreamSetup | undefined {
  const streams = dict(body, "stream SETUP body")["streams"];
  if (!Array.isArray(streams)) throw new TunnelSetupError("stream SETUP body has no streams array");
  if (streams.length > 64) throw new TunnelSetupError("stream SETUP body has more than 64 streams");
  for (const entry of streams) {
    const s = dict(entry, "stream");
    if (s["type"] !== DATA_STREAM_TYPE) continue;
    const controlType = s["controlType"];
    return {
      seed: seedFromPlist(s["seed"]),
      channelID: text(s["channelID"] ?? "", "stream channelID"),
      clientUUID: text(s["clientUUID"] ?? "", "stream clientUUID"),
      clientTypeUUID: text(s["clientTypeUUID"] ?? "", "stream clientTypeUUID"),
      controlType: typeof controlType === "number" ? controlType : DATA_STREAM_CONTROL_TYPE,
      wantsDedicatedSocket: s["wantsDedicatedSocket"] === true,
    };
  }
  return undefined;
}

/** The device's reply to the data-stream SETUP. */
export function dataStreamSetupResponse(dataPort: number, streamID = 1): PlistDict {
  return { streams: [{ type: DATA_STREAM_TYPE, streamID, dataPort: port(dataPort, "dataPort") }] };
}
