/**
 * Group streaming against three real shairport-sync receivers (AirPlay 1, written by others), each
 * with its own avahi in its own network namespace, all on one bridge with the client's namespace
 * (CONVENTIONS.md "Real peers"; nothing leaves the namespaces). Two start together, the third joins
 * mid-stream. Each receiver's namespace runs a packet tap (sync-tap.py) that records the sync
 * packets its receiver got; the test checks that they tell every receiver to play the same RTP
 * timestamp at the same NTP instant (≤ 1 ms apart), and that every receiver outputs the stream
 * bit-exact (the late joiner: from where it joined). Needs root, ip netns, avahi, shairport-sync, python3.
 */
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createBridge,
  netnsUnavailableReason,
  spawnIn,
  startAvahi,
  startDbus,
  teardown,
  type Bridge,
  type Proc,
} from "@atv/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSyncPacket } from "../src/index.js";
import { makeWav } from "./helpers/wav.js";
import { ntpOfSync, rtpToPlayAt, type SyncRecord } from "./helpers/sync-map.js";

const reason = netnsUnavailableReason([
  "avahi-daemon",
  "dbus-daemon",
  "shairport-sync",
  "unshare",
  "python3",
]);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tapScript = fileURLToPath(new URL("./netns/sync-tap.py", import.meta.url));
const LEAD_FRAMES = 44100;
const CONTENT_FRAMES = 44100 * 6 + 77;
const LATE_CHECK_FRAMES = 44100 * 2;
const JOIN_AFTER_MS = 3000;
const MS_FRAMES = 44.1;

const sample = (i: number, c: number): number => {
  if (i < LEAD_FRAMES) return 0;
  const k = i - LEAD_FRAMES;
  const v = (((k * 7919 + c * 104729) % 60000) + 1000) * (k % 2 === 0 ? 1 : -1);
  return Math.max(-32768, Math.min(32767, Math.trunc(v / 2)));
};

function contentLe(): Buffer {
  const out = Buffer.alloc(CONTENT_FRAMES * 4);
  for (let k = 0; k < CONTENT_FRAMES; k++) {
    out.writeInt16LE(sample(LEAD_FRAMES + k, 0), 4 * k);
    out.writeInt16LE(sample(LEAD_FRAMES + k, 1), 4 * k + 2);
  }
  return out;
}

/** Index of the first differing byte of `want` in `received` from where its first 64 bytes occur; -1 = equal. */
function compare(received: Buffer, want: Buffer): { at: number; firstDiff: number } {
  const at = received.indexOf(want.subarray(0, 64));
  if (at < 0 || at % 4 !== 0) return { at, firstDiff: 0 };
  const got = received.subarray(at, at + want.length);
  if (got.length < want.length) return { at, firstDiff: got.length };
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return { at, firstDiff: i };
  return { at, firstDiff: -1 };
}

interface Receiver {
  name: string;
  bus: Awaited<ReturnType<typeof startDbus>>;
  avahi: Proc;
  tap: Proc;
  sps: ChildProcess;
  out: string;
  log: () => string;
}

describe.skipIf(reason)(
  `three shairport-sync receivers on a bridge, one group stream${reason ? ` (skipped: ${reason})` : ""}`,
  () => {
    let bridge: Bridge;
    const receivers: Receiver[] = [];
    let wavPath: string;

    beforeAll(async () => {
      bridge = createBridge("sg", 3);
      wavPath = join(bridge.dir, "signal.wav");
      writeFileSync(wavPath, makeWav({ frames: LEAD_FRAMES + CONTENT_FRAMES + 22050, sample }));
      for (const [i, dev] of bridge.devs.entries()) {
        const name = `GroupSPS${i}`;
        const bus = await startDbus(bridge.dir, `dev${i}`);
        const avahi = await startAvahi(dev.ns, dev.iface, `atvsg${i}-${bridge.id}`, bridge.dir, bus.env);
        const tap = spawnIn(dev.ns, "python3", [tapScript, dev.iface, dev.address]);
        await tap.waitFor(/"ready"/);
        const conf = join(bridge.dir, `sps${i}.conf`);
        writeFileSync(
          conf,
          `general = { name = "${name}"; port = 5000; mdns_backend = "avahi"; ignore_volume_control = "yes"; playback_mode = "stereo"; };\n` +
            `dsp = { convolution = "no"; loudness = "no"; };\n`,
        );
        const out = join(bridge.dir, `received${i}.pcm`);
        const fd = openSync(out, "w");
        let log = "";
        const sps = spawn(
          "ip",
          ["netns", "exec", dev.ns, "shairport-sync", "-c", conf, "-u", "-o", "stdout"],
          {
            env: { ...process.env, ...bus.env },
            stdio: ["ignore", fd, "pipe"],
          },
        );
        closeSync(fd);
        sps.stderr?.on("data", (d: Buffer) => (log += d.toString()));
        receivers.push({ name, bus, avahi, tap, sps, out, log: () => log });
      }
      await new Promise((r) => setTimeout(r, 2000));
    }, 90_000);

    afterAll(async () => {
      try {
        for (const r of receivers) {
          if (r.sps.exitCode === null && r.sps.signalCode === null && r.sps.pid !== undefined)
            process.kill(r.sps.pid, "SIGTERM");
          await Promise.allSettled([r.tap.stop(), r.avahi.stop(), r.bus.proc.stop()]);
        }
      } finally {
        await teardown();
      }
    }, 30_000);

    it("all play the stream bit-exact; sync packets map the same RTP time to the same instant (≤ 1 ms), late joiner included", async () => {
      const node = `exec "${process.execPath}" --conditions=@atv/source --import tsx test/netns/group-client.ts`;
      const [a, b, late] = receivers as [Receiver, Receiver, Receiver];
      const client = spawnIn(
        bridge.cli.ns,
        "sh",
        ["-c", `${node} "${wavPath}" ${a.name},${b.name} ${late.name} ${JOIN_AFTER_MS}`],
        {},
        packageDir,
      );
      await client.exited();
      let result: Record<string, unknown>;
      try {
        result = JSON.parse(client.stdout().trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
      } catch {
        throw new Error(`client failed: ${client.output()}`);
      }
      const logs = receivers.map((r) => `${r.name}: ${r.log()}`).join("\n");
      expect(result, logs).toMatchObject({ found: true, failed: [] });
      expect(result.error, logs).toBeUndefined();
      expect(result.lateError, logs).toBeUndefined();
      const joined = result.joined as { id: string }[];
      expect(joined.map((j) => j.id).sort()).toEqual([a.name, b.name, late.name].sort());
      await new Promise((r) => setTimeout(r, 1500));
      for (const r of receivers)
        await new Promise<void>((resolve) => {
          if (r.sps.exitCode !== null || r.sps.signalCode !== null) return resolve();
          r.sps.once("exit", () => resolve());
          if (r.sps.pid !== undefined) process.kill(r.sps.pid, "SIGTERM");
        });

      // Bit-exact output: the whole content on the two that started, the last 2 s on the joiner.
      const content = contentLe();
      for (const r of [a, b]) {
        const { at, firstDiff } = compare(readFileSync(r.out), content);
        expect(at, `${r.name}: content not found; ${r.log()}`).toBeGreaterThanOrEqual(0);
        expect(firstDiff, `${r.name}: first differing byte of ${content.length}`).toBe(-1);
      }
      const tail = content.subarray(content.length - LATE_CHECK_FRAMES * 4);
      const lateCmp = compare(readFileSync(late.out), tail);
      expect(lateCmp.at, `${late.name}: tail not found; ${late.log()}`).toBeGreaterThanOrEqual(0);
      expect(lateCmp.firstDiff).toBe(-1);

      // What each receiver's own namespace saw arrive on its control port.
      const syncs = receivers.map((r) =>
        r.tap
          .stdout()
          .split("\n")
          .filter((l) => l.includes('"hex"'))
          .map((l) => decodeSyncPacket(Buffer.from((JSON.parse(l) as { hex: string }).hex, "hex"))),
      );
      for (const s of syncs) expect(s.length).toBeGreaterThanOrEqual(3);
      expect(syncs[2]?.[0]?.first).toBe(true);
      const lateFirst = ntpOfSync(syncs[2]?.[0] as SyncRecord);
      const lastCommon = syncs
        .map((s) => ntpOfSync(s.at(-1) as SyncRecord))
        .reduce((x, y) => (x < y ? x : y));
      let worst = 0;
      let instants = 0;
      for (let instant = lateFirst; instant <= lastCommon; instant += 1n << 30n) {
        const told = syncs.map((s) => rtpToPlayAt(s, instant));
        const skew = Math.max(...told) - Math.min(...told);
        worst = Math.max(worst, skew);
        instants++;
      }
      expect(instants).toBeGreaterThan(4);
      if (process.env["ATV_REPORT"])
        process.stderr.write(
          `group skew: worst ${(worst / MS_FRAMES).toFixed(3)} ms over ${instants} instants; sync packets ${syncs.map((s) => s.length).join("/")}\n`,
        );
      expect(worst / MS_FRAMES, `worst mapping difference over ${instants} instants`).toBeLessThanOrEqual(1);
    }, 120_000);
  },
);
