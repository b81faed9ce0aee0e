/**
 * The AirPlay 2 part of a RAOP session's setup (raop.md §11): pair-verify (HAP or transient) that
 * turns on RTSP encryption, the session SETUP (timing port, event port), the encrypted event
 * channel and the stream SETUP (audio format, control port, the audio key `shk`).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { ConnectionFailedError, type CallOptions, type Logger } from "@atv/core";
import { verifyConnection } from "@atv/airplay/protocol";
import { deriveAirPlayEventKeys, type HapCredentials } from "@atv/hap-crypto";
import {
  HttpConnection,
  decodePlistDict,
  encodeBinaryPlist,
  response,
  BINARY_PLIST_CONTENT_TYPE,
  type HttpResponse,
  type PlistDict,
  type RequestInit,
} from "@atv/airplay/rtsp";
import { AUDIO_FORMAT_ALAC_44100_16_2, AUDIO_FORMAT_PCM_44100_16_2 } from "./airplay2.js";
import { FRAMES_PER_PACKET, type PayloadFormat } from "./sdp.js";

export interface AirPlay2SetupContext {
  connection: HttpConnection;
  uri: string;
  payload: PayloadFormat;
  sessionId: number;
  timingPort: number;
  controlPort: number;
  /** Where the receiver's event port is (the RTSP peer). */
  eventHost: string;
  credentials: HapCredentials | undefined;
  requestTimeoutMs: number | undefined;
  log: Logger;
  /** Sends an RTSP request and fails on a non-2xx answer. */
  expectOk(init: RequestInit, options: CallOptions): Promise<HttpResponse>;
}

export interface AirPlay2Setup {
  dataPort: number;
  controlPort: number;
  /** The audio key; the caller zeroes it when the session ends. */
  shk: Uint8Array;
  events: HttpConnection | undefined;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

const plist = (body: PlistDict): Pick<RequestInit, "headers" | "body"> => ({
  headers: { "Content-Type": BINARY_PLIST_CONTENT_TYPE },
  body: encodeBinaryPlist(body),
});

/** Pair-verify/transient + encryption, session SETUP, events, stream SETUP. */
export async function setupAirPlay2(ctx: AirPlay2SetupContext, opts: CallOptions): Promise<AirPlay2Setup> {
  const secret = await verifyConnection(ctx.connection, ctx.credentials ?? { kind: "transient" }, {
    encrypt: true,
    ...opts,
    ...(ctx.requestTimeoutMs === undefined ? {} : { timeoutMs: ctx.requestTimeoutMs }),
  });
  const session = await ctx.expectOk(
    {
      method: "SETUP",
      uri: ctx.uri,
      ...plist({
        deviceID: "AA:BB:CC:DD:EE:FF",
        sessionUUID: randomUUID().toUpperCase(),
        timingPort: ctx.timingPort,
        timingProtocol: "NTP",
        isMultiSelectAirPlay: true,
        groupContainsGroupLeader: false,
        macAddress: "AA:BB:CC:DD:EE:FF",
        model: "iPhone14,3",
        name: "atv",
        osBuildVersion: "20F66",
        osName: "iPhone OS",
        osVersion: "16.5",
        senderSupportsRelay: false,
        sourceVersion: "690.7.1",
        statsCollectionEnabled: false,
      }),
    },
    opts,
  );
  const answer = session.body.length > 0 ? decodePlistDict(session.body) : {};
  const eventPort = answer["eventPort"];
  let events: HttpConnection | undefined;
  if (typeof eventPort === "number" && eventPort > 0 && secret) {
    events = await connectEvents(ctx, eventPort, secret, opts);
  }
  const shk = randomBytes(32);
  try {
    const streams = await ctx.expectOk(
      {
        method: "SETUP",
        uri: ctx.uri,
        ...plist({
          streams: [
            {
              type: 96,
              ct: ctx.payload === "ALAC" ? 2 : 1,
              audioFormat:
                ctx.payload === "ALAC" ? AUDIO_FORMAT_ALAC_44100_16_2 : AUDIO_FORMAT_PCM_44100_16_2,
              audioMode: "default",
              sr: 44100,
              spf: FRAMES_PER_PACKET,
              latencyMin: 11025,
              latencyMax: 88200,
              controlPort: ctx.controlPort,
              shk,
              isMedia: true,
              supportsDynamicStreamID: false,
              streamConnectionID: ctx.sessionId,
            },
          ],
        }),
      },
      opts,
    );
    const reply = decodePlistDict(streams.body);
    const first = Array.isArray(reply["streams"]) ? reply["streams"][0] : undefined;
    const dict =
      first && typeof first === "object" && !(first instanceof Uint8Array) && !Array.isArray(first)
        ? (first as PlistDict)
        : {};
    const dataPort = dict["dataPort"];
    const controlPort = dict["controlPort"];
    if (typeof dataPort !== "number" || typeof controlPort !== "number" || dataPort < 1 || controlPort < 1)
      throw new ConnectionFailedError("stream SETUP answer has no dataPort/controlPort");
    return { dataPort, controlPort, shk, events };
  } catch (error) {
    shk.fill(0);
    await events?.close();
    throw error;
  }
}

async function connectEvents(
  ctx: AirPlay2SetupContext,
  port: number,
  secret: Uint8Array,
  opts: CallOptions,
): Promise<HttpConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      const events = await HttpConnection.connect(ctx.eventHost, port, {
        label: "raop-events",
        logger: ctx.log,
        ...opts,
        requestHandler: () => response({ status: 200 }),
      });
      events.enableEncryption(deriveAirPlayEventKeys(secret, "client"));
      return events;
    } catch (error) {
      if (attempt >= 5 || opts.signal?.aborted) throw error;
      await sleep(1000, opts.signal);
    }
  }
}
