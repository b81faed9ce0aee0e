/**
 * Prints p50/p99 of a command round trip through the AirPlay 2 tunnel next to direct MRP (goal:
 * tunnel p50 ≤ 2 ms). Run: `node --conditions=@atv/source --import tsx bench/tunnel-report.ts`.
 * Client and fake device share this process, so each number includes both sides' CPU.
 */
import { startFixture } from "./tunnel-fixture.js";

const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`;
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

const fixture = await startFixture();
for (const [label, setup] of [
  ["direct MRP", fixture.direct],
  ["AirPlay tunnel", fixture.tunnel],
] as const) {
  const run = () => setup.capabilities.remoteControl.play();
  for (let i = 0; i < 300; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start));
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label}: command round trip p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, n=2000`,
  );
}
await fixture.close();
