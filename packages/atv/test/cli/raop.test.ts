/** `atv stream_file=…` against the simulator's RAOP receiver, both as processes (127.0.0.1 only). */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatorProcess, runCli, spawnCli } from "./process.js";
import { wavFile } from "../wav.js";

const TIMEOUT_MS = 60_000;
let sim: SimulatorProcess;
let dir: string;

/** A 0.2 s stereo 16-bit WAV of a ramp. */
function wav(frames = 8820): Buffer {
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames * 2; i++) data.writeInt16LE(((i * 37) % 60000) - 30000, 2 * i);
  return wavFile(data);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-raop-"));
  sim = await SimulatorProcess.start(["--udns-port", "0", "--name", "RAOP CLI Room"]);
}, TIMEOUT_MS);

afterAll(async () => {
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
}, TIMEOUT_MS);

describe("atv stream_file over RAOP", () => {
  it(
    "streams a WAV file and from stdin (-), exit 0",
    async () => {
      const path = join(dir, "ramp.wav");
      await writeFile(path, wav());
      const flags = [...sim.scanFlags, "-i", sim.info.identifiers.mrp, "--storage", "none"];
      const file = await runCli([...flags, `stream_file=${path}`], { timeoutMs: 30_000 });
      expect(file.code, file.stderr).toBe(0);
      // Not a terminal: plain progress lines on stderr, ending with the whole file.
      expect(file.stderr).toBe("streamed 0.2 s / 0.2 s\n");
      const json = await runCli([...flags, "--json", `stream_file=${path}`], { timeoutMs: 30_000 });
      expect(json.code).toBe(0);
      expect(json.stderr).toBe("");
      expect(JSON.parse(json.stdout)).toMatchObject({ result: "success", command: "stream_file" });
      // Binary stdin: feed the bytes directly (runCli's input is text).
      const child = spawnCli([...flags, "stream_file=-"]);
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.stdin.end(wav());
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code, stderr).toBe(0);
      const missing = await runCli([...flags, `stream_file=${join(dir, "nope.wav")}`], { timeoutMs: 30_000 });
      expect(missing.code).not.toBe(0);
    },
    TIMEOUT_MS,
  );
});
