/**
 * Runs a RAOP receiver in its own process (so the report measures only the client), plus a UDP
 * sink for bench/floor-sender.ts. Prints `{ port, txt, sinkPort }`; on each stdin line prints what
 * arrived so far: `{ audioPackets, bytes, sinkPackets }`.
 */
import { createSocket } from "node:dgram";
import { startRaopReceiver } from "../src/index.js";

const receiver = await startRaopReceiver({ model: "AppleTV6,2" });
const sink = createSocket("udp4");
let sinkPackets = 0;
sink.on("message", () => sinkPackets++);
await new Promise<void>((resolve) => sink.bind(0, "127.0.0.1", resolve));
process.stdout.write(
  `${JSON.stringify({ port: receiver.port, txt: receiver.txt(), sinkPort: sink.address().port })}\n`,
);
process.stdin.on("data", () => {
  process.stdout.write(
    `${JSON.stringify({ audioPackets: receiver.state.audioPackets, bytes: receiver.state.pcm().length, sinkPackets })}\n`,
  );
});
process.stdin.on("end", () => {
  sink.close();
  void receiver.close().then(() => process.exit(0));
});
