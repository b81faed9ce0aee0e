/**
 * What a sender says on RTSP before the first audio packet (raop.md §5, as RaopClient.stream):
 * volume, progress, DMAP metadata, artwork (each when the receiver's `md` lists it), /feedback,
 * RECORD and FLUSH with the RTP-Info of the next packet. Returns the receiver's Audio-Latency
 * (frames) and whether /feedback is understood (then it doubles as a keep-alive).
 */
import { ConnectionFailedError, type CallOptions } from "@atv/core";
import type { HttpResponse, RequestInit } from "@atv/airplay/rtsp";
import { encodeTrackMetadata } from "../dmap.js";
import { formatDb, percentToDb } from "../volume.js";
import type { TrackMetadata } from "../client.js";
import { SAMPLE_RATE } from "./clock.js";

export type RtspRequest = (init: RequestInit, options?: CallOptions) => Promise<HttpResponse>;

export interface PrerollOptions extends CallOptions {
  readonly uri: string;
  readonly session: string;
  readonly metadataTypes: ReadonlySet<string>;
  readonly metadata: TrackMetadata;
  readonly seq: number;
  readonly rtpTime: number;
  readonly volume?: number | undefined;
}

export interface PrerollResult {
  /** Audio-Latency of the RECORD answer in frames, when given. */
  readonly audioLatencyFrames: number | undefined;
  readonly feedback: boolean;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function expectOk(request: RtspRequest, init: RequestInit, opts: CallOptions): Promise<HttpResponse> {
  const res = await request(init, opts);
  if (res.status < 200 || res.status >= 300)
    throw new ConnectionFailedError(`${init.method} ${init.uri} failed: ${res.status} ${res.reason}`);
  return res;
}

export function volumeRequest(uri: string, percent: number): RequestInit {
  return {
    method: "SET_PARAMETER",
    uri,
    headers: { "Content-Type": "text/parameters" },
    body: text(`volume: ${formatDb(percentToDb(percent))}`),
  };
}

export async function preroll(request: RtspRequest, o: PrerollOptions): Promise<PrerollResult> {
  const opts: CallOptions = o.signal ? { signal: o.signal } : {};
  const { uri, metadata, metadataTypes: md } = o;
  if (o.volume !== undefined) await expectOk(request, volumeRequest(uri, o.volume), opts);
  if (md.has("2") && metadata.duration !== undefined) {
    const end = (o.rtpTime + Math.round(metadata.duration * SAMPLE_RATE)) >>> 0;
    const body = text(`progress: ${o.rtpTime}/${o.rtpTime}/${end}`);
    await request(
      { method: "SET_PARAMETER", uri, headers: { "Content-Type": "text/parameters" }, body },
      opts,
    );
  }
  const rtpInfo = `seq=${o.seq};rtptime=${o.rtpTime}`;
  const session = { Session: o.session, "RTP-Info": rtpInfo };
  if (md.has("0")) {
    const headers = { "Content-Type": "application/x-dmap-tagged", ...session };
    await request({ method: "SET_PARAMETER", uri, headers, body: encodeTrackMetadata(metadata) }, opts);
  }
  if (md.has("1") && metadata.artwork) {
    const headers = { "Content-Type": "image/jpeg", ...session };
    await request({ method: "SET_PARAMETER", uri, headers, body: metadata.artwork }, opts);
  }
  const feedback = await request({ method: "POST", uri: "/feedback" }, opts).catch(() => undefined);
  const record = await expectOk(request, { method: "RECORD", uri }, opts);
  await expectOk(
    request,
    { method: "FLUSH", uri, headers: { Range: "npt=0-", Session: o.session, "RTP-Info": rtpInfo } },
    opts,
  );
  const latency = Number(record.headers.get("Audio-Latency"));
  return {
    audioLatencyFrames: Number.isInteger(latency) && latency > 0 ? latency : undefined,
    feedback: feedback?.status === 200,
  };
}
