/**
 * Runs inside the client namespace: a multicast browse for `_raop._tcp`, then streamFile of a WAV
 * to the receiver named argv[2] from a file path, stdin (`-`) or an HTTP URL served here on
 * loopback. Prints one JSON line: what the scan found and how the stream ended.
 */
import { createReadStream } from "node:fs";
import { createServer } from "node:http";
import { browseAll } from "@atv/zeroconf";
import { RaopStream, raopProtocol } from "../../src/index.js";

const [name, wavPath, mode, payload] = process.argv.slice(2) as [
  string,
  string,
  "file" | "stdin" | "url",
  string?,
];
const devices = await browseAll({ serviceTypes: ["_raop._tcp.local"], timeoutMs: 6000 });
const found = devices.flatMap((d) => d.services).find((s) => s.name.endsWith(`@${name}`));
if (!found) {
  process.stdout.write(JSON.stringify({ found: false, devices }) + "\n");
  process.exit(2);
}
const scanned = raopProtocol.serviceInfo({ ...found, type: "_raop._tcp.local" });
let source = wavPath;
let server: ReturnType<typeof createServer> | undefined;
if (mode === "stdin") source = "-";
if (mode === "url") {
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "audio/wav" });
    createReadStream(wavPath).pipe(res);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  source = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/signal.wav`;
}
const stream = new RaopStream({
  host: found.address,
  port: found.port,
  properties: found.properties,
  ...(payload === "ALAC" ? { payload: "ALAC" as const } : {}),
});
const started = Date.now();
let error: string | undefined;
try {
  await stream.streamFile(source, { metadata: { title: "atv interop" } });
} catch (e) {
  error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
server?.close();
process.stdout.write(
  JSON.stringify({
    found: true,
    name: scanned?.name,
    identifier: scanned?.service.identifier,
    port: found.port,
    properties: found.properties,
    seconds: (Date.now() - started) / 1000,
    payload: stream.lastPayload,
    error,
  }) + "\n",
);
