/**
 * The real `atv` command against `atv simulate` (both processes, 127.0.0.1 only): Companion
 * pairing with a PIN and every atvremote command that rides on Companion.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatorProcess, runCli } from "./process.js";

const TIMEOUT_MS = 90_000;
let sim: SimulatorProcess;
let dir: string;
let storage: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-companion-"));
  storage = join(dir, "atv.conf");
  sim = await SimulatorProcess.start([
    "--pin",
    "2580",
    "--name",
    "Companion Room",
    "--keyboard-text",
    "Search",
  ]);
}, TIMEOUT_MS);

afterAll(async () => {
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
}, TIMEOUT_MS);

const device = (): string[] => [
  ...sim.scanFlags,
  "-i",
  sim.info.identifiers.mrp,
  "--storage-filename",
  storage,
];

describe("atv with Companion", () => {
  it(
    "pairs with --protocol companion (wrong PIN refused), then runs Companion commands",
    async () => {
      const wrong = await runCli([...device(), "--protocol", "companion", "--pin", "1111", "pair"]);
      expect(wrong.code).toBe(3);
      expect(wrong.stdout).toContain("Pairing failed!");

      const paired = await runCli([...device(), "--protocol", "companion", "--pin", "2580", "pair"]);
      expect(paired.stderr).toBe("");
      expect(paired.code).toBe(0);
      expect(paired.stdout).toMatch(
        /^Pairing seems to have succeeded, yey!\nYou may now use these credentials: [0-9a-f:]+\n$/,
      );
      const credentials = /credentials: (\S+)/.exec(paired.stdout)?.[1];
      expect(await readFile(storage, "utf8")).toContain(credentials);

      const r = await runCli([
        ...device(),
        "app_list",
        "launch_app=com.netflix.Netflix",
        "account_list",
        "switch_account=account-2",
        "power_state",
        "text_get",
        "text_append= world",
        "text_get",
        "text_set=hello",
        "text_get",
        "text_clear",
        "text_get",
        "screensaver",
        "channel_up",
        "channel_down",
        "turn_off",
        "turn_on",
        "text_focus_state",
        "swipe=100,500,900,500,100",
        "action=10,10,1",
        "action=10,10,4",
        "click=0",
        "guide",
        "control_center",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      // Commands that return nothing print nothing; text_get after text_clear prints "".
      expect(r.stdout).toBe(
        [
          "App: Music (com.apple.TVMusic), App: Netflix (com.netflix.Netflix)",
          "Account: Alice (account-1), Account: Bob (account-2)",
          "PowerState.On",
          "Search",
          "Search world",
          "hello",
          "",
          "KeyboardFocusState.Focused",
          "",
        ].join("\n"),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "--companion-credentials on the command line works without storage",
    async () => {
      const stored = await readFile(storage, "utf8");
      const credentials = /"credentials": "([0-9a-f:]{100,})"/.exec(stored)?.[1];
      expect(credentials).toBeDefined();
      const r = await runCli([
        ...sim.scanFlags,
        "-i",
        sim.info.identifiers.mrp,
        "--storage",
        "none",
        "--companion-credentials",
        credentials!,
        "--json",
        "app_list",
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("com.netflix.Netflix");
    },
    TIMEOUT_MS,
  );
});
