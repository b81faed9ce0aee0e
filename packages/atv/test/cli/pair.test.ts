import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeWorld } from "./fake-device.js";
import { atv, run } from "./harness.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-cli-pair-"));
  file = join(dir, "atv.conf");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = (): string[] => ["-s", "127.0.0.1", "--storage-filename", file];

describe("pair", () => {
  it("pairs with --pin, prints the credentials and stores them", async () => {
    const w = fakeWorld({ pin: "0042" });
    const r = await run(
      [...base(), "--protocol", "mrp", "--pin", "42", "--remote-name", "My Mac", "pair"],
      w.lib,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.lines).toEqual([
      "Pairing seems to have succeeded, yey!",
      "You may now use these credentials: aa:bb:cc:dd",
    ]);
    expect(w.pairings).toEqual([{ began: true, closed: true, pin: "0042", name: "My Mac" }]);
    expect(await readFile(file, "utf8")).toContain("aa:bb:cc:dd");
  });

  it("asks for the PIN on stdin when --pin is missing", async () => {
    const w = fakeWorld({ pin: "1234" });
    const r = await run([...base(), "--protocol", "mrp", "pair"], w.lib, { stdin: "1234\n" });
    expect(r.code).toBe(0);
    expect(r.stdout.text.startsWith("Enter PIN on screen: Pairing seems to have succeeded, yey!\n")).toBe(
      true,
    );
  });

  it("exits 3 on a wrong PIN or no PIN, with the reason on stderr", async () => {
    const w = fakeWorld({ pin: "1234" });
    const wrong = await run([...base(), "--protocol", "mrp", "--pin", "9999", "pair"], w.lib);
    expect(wrong.code).toBe(3);
    expect(wrong.stdout.lines).toEqual(["Pairing failed!"]);
    expect(wrong.stderr.lines).toEqual(["Pairing failed: wrong PIN"]);
    expect(w.pairings[0]?.closed).toBe(true);
    const none = await run([...base(), "--protocol", "mrp", "pair"], w.lib, { stdin: "" });
    expect(none.code).toBe(3);
    expect(none.stderr.lines).toEqual(["Pairing failed: no PIN was entered"]);
    const junk = await run([...base(), "--protocol", "mrp", "pair"], w.lib, { stdin: "12ab\n" });
    expect(junk.code).toBe(3);
    expect(junk.stderr.lines[0]).toMatch(/^Pairing failed: PIN must be 1–8 digits/);
  });

  it("-p defaults to 1234 where the user types the PIN on the device (DMAP), as atvremote", async () => {
    const w = fakeWorld({ pin: "1234", deviceProvidesPin: false, extraServices: [atv.Protocol.DMAP] });
    const r = await run([...base(), "--protocol", "dmap", "pair"], w.lib, { stdin: "\n" });
    expect(r.code).toBe(0);
    expect(r.stdout.lines).toEqual([
      'Use pin 1234 to pair with "atv" (press ENTER to stop)',
      "Pairing seems to have succeeded, yey!",
      "You may now use these credentials: aa:bb:cc:dd",
    ]);
    expect(w.pairings[0]?.pin).toBe("1234");
    // -p (short form) overrides the default; --pin none lets the device send any PIN.
    const short = await run([...base(), "--protocol", "dmap", "-p", "4321", "pair"], w.lib, {
      stdin: "\n",
    });
    expect(short.stdout.lines[0]).toBe('Use pin 4321 to pair with "atv" (press ENTER to stop)');
    expect(w.pairings[1]?.pin).toBe("4321");
    const any = await run([...base(), "--protocol", "dmap", "-p", "none", "pair"], w.lib, { stdin: "\n" });
    expect(any.stderr.text).toBe("");
    expect(any.code).toBe(0);
    expect(any.stdout.lines[0]).toBe('Use any pin to pair with "atv" (press ENTER to stop)');
    expect(w.pairings[2]?.pin).toBeUndefined();
  });

  it("the 1234 default never replaces the PIN prompt where the device shows the PIN", async () => {
    for (const protocol of ["mrp", "companion", "airplay"]) {
      const w = fakeWorld({
        pin: "5678",
        extraServices: [atv.Protocol.Companion, atv.Protocol.AirPlay],
      });
      const r = await run([...base(), "--protocol", protocol, "pair"], w.lib, { stdin: "5678\n" });
      expect(r.code).toBe(0);
      expect(r.stdout.text.startsWith("Enter PIN on screen: Pairing seems to have succeeded")).toBe(true);
      expect(w.pairings[0]?.pin).toBe("5678");
      // --pin none there means "ask me".
      const none = await run([...base(), "--protocol", protocol, "-p", "none", "pair"], w.lib, {
        stdin: "5678\n",
      });
      expect(none.stdout.text.startsWith("Enter PIN on screen: ")).toBe(true);
      expect(none.code).toBe(0);
    }
  });

  it("exits 130 when interrupted at the PIN prompt", async () => {
    const controller = new AbortController();
    const w = fakeWorld();
    setTimeout(() => controller.abort(new Error("interrupted by SIGINT")), 30);
    const r = await run([...base(), "--protocol", "mrp", "pair"], w.lib, {
      keepStdinOpen: true,
      signal: controller.signal,
    });
    expect(r.code).toBe(130);
    expect(r.stderr.lines).toEqual(["Interrupted"]);
    expect(w.pairings[0]?.closed).toBe(true);
  });

  it("exits 2 when the device is not found and 1 without --protocol", async () => {
    const missing = await run(
      [...base(), "--protocol", "mrp", "-i", "gone", "--pin", "1234", "pair"],
      fakeWorld().lib,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr.lines).toEqual(["Could not find any Apple TV with identifier gone on the network"]);
    const noProtocol = await run([...base(), "pair"], fakeWorld().lib);
    expect(noProtocol.code).toBe(1);
    expect(noProtocol.stderr.lines).toEqual(["No protocol specified (use --protocol, e.g. --protocol mrp)"]);
  });

  it("exits 1 when the device has no such service", async () => {
    const r = await run([...base(), "--protocol", "airplay", "--pin", "1234", "pair"], fakeWorld().lib);
    expect(r.code).toBe(1);
    expect(r.stderr.lines).toHaveLength(1);
    expect(r.stderr.lines[0]).toMatch(/^NoServiceError: /);
  });

  it("says so when atv cannot pair the protocol (exit 1)", async () => {
    const w = fakeWorld();
    const lib = {
      ...w.lib,
      pair: () => Promise.reject(new w.lib.NotSupportedError("atv cannot pair MRP yet")),
    };
    const r = await run([...base(), "--protocol", "mrp", "--pin", "1234", "pair"], lib);
    expect(r.code).toBe(1);
    expect(r.stderr.lines).toEqual(["Not supported: atv cannot pair MRP yet"]);
  });

  it("connects with the new credentials in the same invocation", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "--protocol", "mrp", "--pin", "1234", "pair", "play"], w.lib);
    expect(r.code).toBe(0);
    expect(w.connectCredentials).toEqual(["aa:bb:cc:dd"]);
  });

  it("answers in JSON with --json (prompt on stderr)", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "--json", "--protocol", "mrp", "pair"], w.lib, { stdin: "1234\n" });
    expect(r.code).toBe(0);
    expect(r.stderr.text).toBe("Enter PIN on screen: ");
    expect(r.stdout.json()).toEqual([
      expect.objectContaining({ result: "success", protocol: "mrp", credentials: "aa:bb:cc:dd" }),
    ]);
  });
});

describe("wizard", () => {
  it("scans, lets the user choose, pairs what needs pairing, connects and shows what is playing", async () => {
    const w = fakeWorld({ devices: 2 });
    const r = await run([...base(), "wizard"], w.lib, { stdin: "2\n1234\n" });
    expect(r.code).toBe(0);
    const out = r.stdout.text;
    expect(out).toContain("Found the following devices:");
    expect(out).toMatch(/1: +Living Room +Apple TV 4K +127\.0\.0\.1/);
    expect(out).toMatch(/2: +Room 2 /);
    expect(out).toContain("Enter index of device to set up: ");
    expect(out).toContain("Starting to pair MRP");
    expect(out).toContain("Successfully paired MRP, moving on...");
    expect(out).toContain(w.playing.toString());
    expect(out).toContain("Device is now set up!");
    expect(w.connectCredentials).toEqual(["aa:bb:cc:dd"]);
    const saved = await readFile(file, "utf8");
    expect(saved).toContain("ID-2");
    expect(saved).toContain("aa:bb:cc:dd");
  });

  it("skips pairing when credentials exist, and rejects a bad index", async () => {
    const w = fakeWorld();
    const r = await run([...base(), "--mrp-credentials", "11:22", "wizard"], w.lib, { stdin: "1\n" });
    expect(r.code).toBe(0);
    expect(r.stdout.text).not.toContain("Starting to pair");
    expect(w.pairings).toEqual([]);
    const bad = await run([...base(), "wizard"], fakeWorld().lib, { stdin: "7\n" });
    expect(bad.code).toBe(1);
    expect(bad.stderr.lines).toEqual(['Invalid index "7" (1–1)']);
  });

  it("exits 3 when pairing fails", async () => {
    const r = await run([...base(), "--pin", "0000", "wizard"], fakeWorld().lib, { stdin: "1\n" });
    expect(r.code).toBe(3);
    expect(r.stderr.lines).toEqual(["Failed to pair MRP: wrong PIN"]);
  });
});
