/**
 * The CPU floor of the send pattern, for comparison in the same run (bench/report.ts and
 * group-report.ts start it next to the measured sender, so both see the same machine): a bare Node
 * process with no RAOP code that wakes on the pacer's grid (every `tickMs`) and sends, through a
 * connected UDP socket, as many 1,420-byte datagrams as 44.1 kHz L16 needs (125 a second per
 * copy), plus one 20-byte "sync" datagram a second per copy. What the measured sender costs above
 * this is the cost of our code; the floor itself is what any Node program doing these sends at this
 * cadence pays on the machine.
 *
 * argv: port tickMs copies warmupSeconds seconds. Prints one JSON line
 * `{ cpuMs, seconds, percent }` for the measured part (after the warm-up).
 */
import { createSocket } from "node:dgram";

const [port, tickMs, copies, warmupSeconds, seconds] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number,
  number,
];
const socket = createSocket("udp4");
await new Promise<void>((resolve) => socket.connect(port, "127.0.0.1", resolve));
const packet = new Uint8Array(1420);
const sync = new Uint8Array(20);
const packetMs = (352 * 1000) / 44100;

async function run(durationS: number): Promise<{ cpuMs: number; seconds: number }> {
  const total = Math.ceil((durationS * 1000) / packetMs);
  const origin = performance.now();
  const cpu0 = process.cpuUsage();
  let sent = 0;
  for (let k = 1; sent < total; k++) {
    const ready = Math.min(total, Math.floor((performance.now() - origin + tickMs + 15) / packetMs) + 1);
    for (; sent < ready; sent++) {
      for (let c = 0; c < copies; c++) socket.send(packet);
      if (sent % 125 === 0) for (let c = 0; c < copies; c++) socket.send(sync);
    }
    const next = origin + k * tickMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, next - performance.now())));
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, seconds: (performance.now() - origin) / 1000 };
}

if (warmupSeconds > 0) await run(warmupSeconds);
const r = await run(seconds);
process.stdout.write(`${JSON.stringify({ ...r, percent: r.cpuMs / r.seconds / 10 })}\n`);
socket.close();
