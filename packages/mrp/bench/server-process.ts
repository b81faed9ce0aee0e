/**
 * The fake device in its own process, so the parent measures only the client.
 * Prints one JSON line {port, credentials}; then reads commands on stdin:
 *   burst <n>   push n title changes as fast as possible (the last title is `t<n-1>`)
 *   memory      print {heapUsed, external, rss, connections} after a GC
 */
import { createInterface } from "node:readline";
import { pairedDevice } from "./paired-device.js";

const { server, credentials } = await pairedDevice();
server.useCases.musicPlaying({ title: "start", paused: true, totalTime: 100 });
process.stdout.write(`${JSON.stringify({ port: server.port, credentials })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === "burst") {
    const n = Number(arg);
    for (let i = 0; i < n; i++) server.useCases.changeMetadata({ title: `t${i}` });
    process.stdout.write(`${JSON.stringify({ burst: n })}\n`);
  } else if (command === "memory") {
    globalThis.gc?.();
    const m = process.memoryUsage();
    process.stdout.write(
      `${JSON.stringify({ heapUsed: m.heapUsed, external: m.external, rss: m.rss, connections: server.connectionCount })}\n`,
    );
  } else if (command === "quit") {
    await server.close();
    process.exit(0);
  }
}
