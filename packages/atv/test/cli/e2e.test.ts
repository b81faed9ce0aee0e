/**
 * The real `atv` command against the real simulator (`atv simulate`), both as
 * processes; all traffic on 127.0.0.1 (unicast DNS-SD and MRP). Runs the built
 * dist/cli.js when the builds are fresh, else the sources (see process.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineQueue, SimulatorProcess, packageRoot, runCli, spawnCli, useDist } from "./process.js";

const E2E_TIMEOUT_MS = 60_000;
let sim: SimulatorProcess;
let dir: string;
let storage: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-e2e-"));
  storage = join(dir, "atv.conf");
  sim = await SimulatorProcess.start(["--udns-port", "0", "--pin", "1234", "--name", "E2E Room"]);
}, E2E_TIMEOUT_MS);

afterAll(async () => {
  const stopped = await sim?.stop();
  await rm(dir, { recursive: true, force: true });
  // The simulator ends cleanly on SIGTERM.
  expect(stopped?.code).toBe(0);
}, E2E_TIMEOUT_MS);

/** Flags that find the simulator and keep settings in this test's file. */
const device = (): string[] => [
  ...sim.scanFlags,
  "-i",
  sim.info.identifiers.mrp,
  "--storage-filename",
  storage,
];

describe(`atv (${useDist ? "dist/cli.js" : "src/cli.ts via tsx"}) without a device`, () => {
  it("prints its version", async () => {
    const pkg = JSON.parse(await readFile(join(packageRoot, "package.json"), "utf8")) as { version: string };
    const r = await runCli(["--version"]);
    expect(r).toMatchObject({ code: 0, stdout: `atv ${pkg.version}\n`, stderr: "" });
  });

  it("fails unknown commands with exit 1 and one line", async () => {
    const r = await runCli(["--storage", "none", "no_such_command"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Unknown command: no_such_command (see atv commands)\n");
    const j = await runCli(["--storage", "none", "--json", "no_such_command"]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ result: "failure", error: "unsupported_command" });
  });

  it("exits 2 on a usage error", async () => {
    const r = await runCli(["-t", "0", "scan"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--scan-timeout must be 1–99");
  });
});

describe("atv against the simulator", () => {
  it(
    "scans (human)",
    async () => {
      const r = await runCli([...sim.scanFlags, "--storage", "none", "scan"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Scan Results\n={40}\n/);
      expect(r.stdout).toContain("       Name: E2E Room\n");
      expect(r.stdout).toContain(`    Address: 127.0.0.1\n`);
      expect(r.stdout).toContain(` - ${sim.info.identifiers.mrp}\n`);
      expect(r.stdout).toContain(`Protocol: MRP, Port: ${sim.info.ports.mrp}, `);
      // No spinner when stderr is not a terminal.
      expect(r.stderr).toBe("");
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "scans (--json)",
    async () => {
      const r = await runCli([...sim.scanFlags, "--storage", "none", "--json", "scan"]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { result: string; devices: Record<string, unknown>[] };
      expect(out.result).toBe("success");
      expect(out.devices).toHaveLength(1);
      expect(out.devices[0]).toMatchObject({
        name: "E2E Room",
        address: "127.0.0.1",
        identifier: sim.info.identifiers.mrp,
        all_identifiers: [sim.info.identifiers.mrp, sim.info.identifiers.airplay],
        services: [
          { protocol: "mrp", port: sim.info.ports.mrp },
          { protocol: "airplay", port: sim.info.ports.airplay },
        ],
      });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "does not find a device that is not there (exit 1, pair exit 2)",
    async () => {
      const r = await runCli([...sim.scanFlags, "--storage", "none", "-i", "NOT-THERE", "playing"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("Could not find any Apple TV with identifier NOT-THERE on the network\n");
      const p = await runCli([
        ...sim.scanFlags,
        "--storage",
        "none",
        "-i",
        "NOT-THERE",
        "--protocol",
        "mrp",
        "--pin",
        "1234",
        "pair",
      ]);
      expect(p.code).toBe(2);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "refuses a wrong PIN with exit 3",
    async () => {
      const r = await runCli([
        ...sim.scanFlags,
        "--storage",
        "none",
        "-i",
        sim.info.identifiers.mrp,
        "--protocol",
        "mrp",
        "--pin",
        "9999",
        "pair",
      ]);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain("Pairing failed!");
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "pairs AirPlay with --protocol airplay, then play_url returns once playback ended (a local file is served)",
    async () => {
      const paired = await runCli([...device(), "--protocol", "airplay", "--pin", "1234", "pair"]);
      expect(paired.stderr).toBe("");
      expect(paired.code).toBe(0);
      const credentials = /You may now use these credentials: (\S+)/.exec(paired.stdout)?.[1];
      expect(credentials).toMatch(/^[0-9a-f]{64}:[0-9a-f]{64}:[0-9a-f]+:[0-9a-f]+$/);
      const saved = JSON.parse(await readFile(storage, "utf8")) as {
        devices: { protocols: { airplay?: { credentials: string } } }[];
      };
      expect(saved.devices[0]?.protocols.airplay?.credentials).toBe(credentials);

      const played = await runCli([...device(), "play_url=https://example.com/e2e.mp4"]);
      expect(played.stderr).toBe("");
      expect(played.code).toBe(0);

      const file = join(dir, "clip.mp4");
      await writeFile(file, Buffer.alloc(4096, 1));
      const local = await runCli([...device(), "--json", `play_url=${file}`]);
      expect(local.stderr).toBe("");
      expect(local.code).toBe(0);
      expect(JSON.parse(local.stdout)).toMatchObject({ result: "success", command: "play_url" });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "play_url with --airplay-credentials that the receiver does not know fails with one error line",
    async () => {
      const bogus = `${"11".repeat(32)}:${"22".repeat(32)}:${Buffer.from("device").toString("hex")}:${Buffer.from("client").toString("hex")}`;
      const r = await runCli([
        ...device(),
        "--storage",
        "none",
        "--airplay-credentials",
        bogus,
        "play_url=https://example.com/x.mp4",
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(/pair-verify/i);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "pairs with --pin, stores the credentials and connects with them",
    async () => {
      const paired = await runCli([...device(), "--protocol", "mrp", "--pin", "1234", "pair"]);
      expect(paired.stderr).toBe("");
      expect(paired.code).toBe(0);
      const [yey, line] = paired.stdout.split("\n");
      expect(yey).toBe("Pairing seems to have succeeded, yey!");
      const credentials = /^You may now use these credentials: (\S+)$/.exec(line ?? "")?.[1];
      expect(credentials).toMatch(/^[0-9a-f]+:[0-9a-f]+:[0-9a-f]+:[0-9a-f]+$/i);

      const saved = JSON.parse(await readFile(storage, "utf8")) as {
        devices: { protocols: { mrp: { credentials: string } } }[];
      };
      expect(saved.devices[0]?.protocols.mrp.credentials).toBe(credentials);

      const settings = await runCli([...device(), "print_settings"]);
      expect(settings.code).toBe(0);
      expect(settings.stdout).toContain(`protocols.mrp.credentials = ${credentials} (str, NoneType)\n`);

      const playing = await runCli([...device(), "playing"]);
      expect(playing.stderr).toBe("");
      expect(playing.code).toBe(0);
      expect(playing.stdout).toMatch(/Media type: \w+\n/);
      expect(playing.stdout).toMatch(/Device state: \w+\n/);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "presses buttons and sets the volume",
    async () => {
      const r = await runCli([
        ...device(),
        "play_pause",
        "up",
        "select=0",
        "set_volume=30",
        "delay=200",
        "volume",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("30\n");
      const j = await runCli([...device(), "--json", "menu", "playing"]);
      expect(j.code).toBe(0);
      const [menu, playing] = j.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(menu).toMatchObject({ result: "success", command: "menu" });
      expect(playing).toMatchObject({ result: "success" });
      expect(playing).toHaveProperty("media_type");
      expect(playing).toHaveProperty("app_id");
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "fails a command the device does not support with exit 1 and one line",
    async () => {
      const r = await runCli([...device(), "app_list"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Command 'app_list' is not supported by the device: [^\n]+\n$/);
      const j = await runCli([...device(), "--json", "app_list"]);
      expect(j.code).toBe(1);
      expect(JSON.parse(j.stdout)).toMatchObject({ result: "failure", error: "unsupported_command" });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "changes a setting, keeps it across runs and unsets it",
    async () => {
      expect((await runCli([...device(), "change_setting=info.name,E2E Remote"])).code).toBe(0);
      const shown = await runCli([...device(), "print_settings"]);
      expect(shown.stdout).toContain("info.name = E2E Remote (str)\n");
      expect((await runCli([...device(), "unset_setting=info.name"])).code).toBe(0);
      expect((await runCli([...device(), "print_settings"])).stdout).toContain("info.name = pyatv (str)\n");
    },
    E2E_TIMEOUT_MS,
  );
});

describe("push_updates against the demo simulator", () => {
  let demo: SimulatorProcess;
  beforeAll(async () => {
    demo = await SimulatorProcess.start([
      "--udns-port",
      "0",
      "--pin",
      "1234",
      "--demo",
      "--demo-interval",
      "400",
    ]);
  }, E2E_TIMEOUT_MS);
  afterAll(async () => {
    await demo?.stop();
  }, E2E_TIMEOUT_MS);

  it(
    "streams changes as JSON and finishes when stdin closes",
    async () => {
      const flags = [
        ...demo.scanFlags,
        "-i",
        demo.info.identifiers.mrp,
        "--storage-filename",
        join(dir, "demo.conf"),
      ];
      const paired = await runCli([...flags, "--protocol", "mrp", "--pin", "1234", "pair"]);
      expect(paired.code).toBe(0);

      const child = spawnCli([...flags, "--json", "push_updates"]);
      const lines = new LineQueue(child);
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      const parsed = (i: number) => JSON.parse(lines.lines[i] ?? "{}") as Record<string, unknown>;

      const first = await lines.waitFor(() => true);
      expect(parsed(first)).toMatchObject({ result: "success" });
      expect(parsed(first)).toHaveProperty("power_state");
      const second = await lines.waitFor(() => true, { from: first + 1 });
      expect(second).toBe(first + 1);
      expect(parsed(second)).toHaveProperty("output_devices");
      // The demo cycles music, video and idle: two different titles prove updates flow.
      const music = await lines.waitFor((l) => l.includes('"title":"Never Gonna Give You Up"'));
      const video = await lines.waitFor((l) => l.includes('"title":"Big Buck Bunny"'), { from: music });
      expect(parsed(video)).toMatchObject({ result: "success", media_type: "video" });
      child.stdin.end();
      const finished = await lines.waitFor((l) => l.includes('"push_updates":"finished"'), { from: video });
      expect(finished).toBe(lines.lines.length - 1);
      expect(await exited).toBe(0);
    },
    E2E_TIMEOUT_MS,
  );
});
