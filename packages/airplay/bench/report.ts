/**
 * Prints latency percentiles for the numbers issue 17 asks for:
 *   - HAP pair-verify + Control encryption + first request (GET /info) on loopback, a fresh TCP
 *     connection each time, against a receiver in another process (goal ≤ 15 ms p50);
 *   - transient pair-setup (SRP 3072) + first request, for comparison;
 *   - codec throughput: encode + decode of a /play request and a 64 KiB response, MB/s.
 * Run: pnpm --filter @atv/airplay bench:report
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseCredentials } from "@atv/hap-crypto";
import { benchCount, emitBench } from "@atv/test-utils/bench";
import { AppleTVConfig, BaseService, Protocol } from "@atv/core";
import { AirPlayPairingHandler, verifyConnection } from "../src/index.js";
import {
  encodeBinaryPlist,
  encodeMessage,
  HttpConnection,
  HttpProtocol,
  MessageDecoder,
  request,
  response,
} from "../src/rtsp.js";

const child = spawn(
  process.execPath,
  [
    "--conditions=@atv/source",
    "--import",
    "tsx",
    fileURLToPath(new URL("./receiver-process.ts", import.meta.url)),
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
const { port } = JSON.parse(line) as { port: number };

function p50(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): string =>
    (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(2);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, min ${at(0)} ms (n=${samples.length})`;
}

async function measure(runs: number, once: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await once(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return samples;
}

try {
  const config = new AppleTVConfig({ address: "127.0.0.1", name: "bench" });
  const service = new BaseService({ protocol: Protocol.AirPlay, port, identifier: "bench" });
  config.addService(service);
  const handler = new AirPlayPairingHandler(config, service, { pin: 1234 });
  await handler.begin();
  await handler.finish();
  const credentials = parseCredentials(service.credentials ?? "");

  const firstRequest = async (kind: "hap" | "transient"): Promise<void> => {
    const connection = await HttpConnection.connect("127.0.0.1", port);
    await verifyConnection(connection, kind === "hap" ? credentials : { kind: "transient" }, {
      encrypt: true,
    });
    const info = await connection.request({ method: "GET", uri: "/info", protocol: HttpProtocol.Rtsp });
    if (info.status !== 200) throw new Error(`GET /info answered ${info.status}`);
    await connection.close();
  };
  const verify = await measure(benchCount(200, 50), () => firstRequest("hap"));
  console.log(`HAP pair-verify + encryption + GET /info (new TCP connection): ${percentiles(verify)}`);
  emitBench("airplay.pair-verify+first-request.p50", p50(verify), "ms", "lower");
  const transient = await measure(benchCount(50, 15), () => firstRequest("transient"));
  console.log(`transient pair-setup + encryption + GET /info:                 ${percentiles(transient)}`);
  emitBench("airplay.transient-setup+first-request.p50", p50(transient), "ms", "lower");

  const play = encodeMessage(
    request({
      method: "POST",
      uri: "/play",
      headers: { "User-Agent": "MediaControl/1.0", "Content-Type": "application/x-apple-binary-plist" },
      body: encodeBinaryPlist({
        "Content-Location": "https://example.com/media/sample.mp4",
        "Start-Position": 0,
      }),
    }),
  );
  const big = encodeMessage(
    response({ status: 200, headers: { CSeq: "1" }, body: new Uint8Array(64 * 1024) }),
  );
  for (const [name, bytes] of [
    ["/play request", play],
    ["64 KiB response", big],
  ] as const) {
    const decoder = new MessageDecoder();
    const iterations = name === "/play request" ? benchCount(200_000, 40_000) : benchCount(5_000, 1_000);
    const start = performance.now();
    for (let i = 0; i < iterations; i++) {
      const [message] = decoder.push(bytes);
      if (!message) throw new Error("no message");
      encodeMessage(message);
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `codec decode+encode, ${name} (${bytes.length} B): ${(iterations / seconds).toFixed(0)} msg/s, ${((bytes.length * iterations) / seconds / 1e6).toFixed(1)} MB/s`,
    );
    emitBench(
      `airplay.codec.${name === "/play request" ? "play-request" : "64k-response"}`,
      iterations / seconds,
      "msg/s",
      "higher",
    );
  }
} finally {
  child.kill("SIGTERM");
}
