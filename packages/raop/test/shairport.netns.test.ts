/**
 * Interop with shairport-sync (a real AirPlay 1 receiver written by others), run with avahi in a
 * network namespace this test creates; our client runs in a second namespace joined by a veth
 * pair, so multicast never leaves them (CONVENTIONS.md "Real peers"). shairport-sync writes the
 * PCM it plays to stdout (s16le stereo); the test compares it sample for sample with what was
 * sent, for a file path, stdin and an HTTP URL. Needs root, `ip netns`, avahi and shairport-sync.
 */
import { openSync, closeSync, readFileSync, writeFileSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createLink,
  netnsUnavailableReason,
  spawnIn,
  startAvahi,
  startDbus,
  teardown,
  type Link,
  type Proc,
} from "@atv/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWav } from "./helpers/wav.js";

const reason = netnsUnavailableReason(["avahi-daemon", "dbus-daemon", "shairport-sync", "unshare"]);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const NAME = "TestSPS";
const LEAD_FRAMES = 44100; // 1 s of silence first: shairport mutes/dithers the start after a FLUSH
const CONTENT_FRAMES = 44100 * 2 + 101;

/** Content with no zero runs so it is easy to find in the output; the lead-in is silence. */
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

describe.skipIf(reason)(
  `shairport-sync in a network namespace${reason ? ` (skipped: ${reason})` : ""}`,
  () => {
    let link: Link;
    let bus: Awaited<ReturnType<typeof startDbus>>;
    let avahi: Proc;
    let wavPath: string;

    beforeAll(async () => {
      link = createLink();
      bus = await startDbus(link.dir, "dev");
      avahi = await startAvahi(link.dev.ns, link.dev.iface, `atvraop-${link.id}`, link.dir, bus.env);
      wavPath = join(link.dir, "signal.wav");
      writeFileSync(wavPath, makeWav({ frames: LEAD_FRAMES + CONTENT_FRAMES + 44100, sample }));
    }, 60_000);

    afterAll(async () => {
      await avahi?.stop();
      await bus?.proc.stop();
      await teardown();
    }, 30_000);

    async function startShairport(
      tag: string,
    ): Promise<{ child: ChildProcess; out: string; log: () => string }> {
      const conf = join(link.dir, `sps-${tag}.conf`);
      writeFileSync(
        conf,
        `general = { name = "${NAME}"; port = 5000; mdns_backend = "avahi"; ignore_volume_control = "yes"; playback_mode = "stereo"; };\n` +
          `dsp = { convolution = "no"; loudness = "no"; };\n`,
      );
      const out = join(link.dir, `received-${tag}.pcm`);
      const fd = openSync(out, "w");
      let log = "";
      const child = spawn(
        "ip",
        ["netns", "exec", link.dev.ns, "shairport-sync", "-c", conf, "-u", "-o", "stdout"],
        {
          env: { ...process.env, ...bus.env },
          stdio: ["ignore", fd, "pipe"],
        },
      );
      closeSync(fd);
      child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
      await new Promise((r) => setTimeout(r, 1500));
      return { child, out, log: () => log };
    }

    async function runClient(
      mode: "file" | "stdin" | "url",
      payload: string,
    ): Promise<Record<string, unknown>> {
      const node = `exec "${process.execPath}" --conditions=@atv/source --import tsx test/netns/raop-client.ts`;
      const args = `${NAME} "${wavPath}" ${mode} ${payload}`;
      // The client reads the WAV from its stdin in the stdin case.
      const proc = spawnIn(
        link.cli.ns,
        "sh",
        ["-c", `${node} ${args}${mode === "stdin" ? ` < "${wavPath}"` : ""}`],
        {},
        packageDir,
      );
      await new Promise((resolve) => proc.child.once("exit", resolve));
      try {
        return JSON.parse(proc.stdout().trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
      } catch {
        throw new Error(`client failed: ${proc.output()}`);
      }
    }

    const cases = [
      ["file", "L16"],
      ["stdin", "L16"],
      ["url", "L16"],
      ["file", "ALAC"],
    ] as const;
    for (const [mode, payload] of cases) {
      it(`scan finds it and streamFile (${mode}) arrives sample for sample (${payload})`, async () => {
        const sps = await startShairport(`${mode}-${payload}`);
        try {
          const result = await runClient(mode, payload);
          expect(result, sps.log()).toMatchObject({ found: true, name: NAME, port: 5000, payload });
          expect(result.error, sps.log()).toBeUndefined();
          await new Promise((r) => setTimeout(r, 1000));
        } finally {
          await new Promise<void>((resolve) => {
            sps.child.once("exit", () => resolve());
            if (sps.child.pid !== undefined) process.kill(sps.child.pid, "SIGTERM");
          });
        }
        const received = readFileSync(sps.out);
        const content = contentLe();
        const at = received.indexOf(content.subarray(0, 64));
        expect(
          at,
          `content start not found in ${received.length} bytes; log: ${sps.log()}`,
        ).toBeGreaterThanOrEqual(0);
        expect(at % 4).toBe(0);
        const got = received.subarray(at, at + content.length);
        let firstDiff = -1;
        for (let i = 0; i < content.length; i++)
          if (got[i] !== content[i]) {
            firstDiff = i;
            break;
          }
        expect(firstDiff, `first differing byte of ${content.length}`).toBe(-1);
      }, 60_000);
    }
  },
);
