/** The commander-free parse of plain command lines decides them exactly as commander does. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { fastParseOptions } from "../../src/cli/fast-options.js";
import { fastParsers, parseOptions, parseWithCommander, toCliOptions } from "../../src/cli/options.js";
import { Collector } from "./harness.js";

function io() {
  return { stdout: new Collector(), stderr: new Collector(), stdin: new PassThrough(), version: "1.2.3" };
}

const PLAIN: string[][] = [
  [],
  ["scan"],
  ["--json", "-s", "127.0.0.1", "--id", "ABC", "playing"],
  ["-s", "10.0.0.1,10.0.0.2", "--scan-port", "5300", "-t", "7", "scan"],
  ["--scan-hosts=127.0.0.1", "--scan-port=53299", "--id=A,B", "play_pause", "set_volume=40"],
  ["playing", "--json", "-i", "X"], // flags after commands, as commander takes them
  ["-i", "X", "--protocol", "MRP", "--pin", "0042", "pair"],
  ["-i", "X", "--protocol", "dmap", "-p", "none", "--pairing-guid", "0x0000000000000001", "pair"],
  ["-m", "--address", "127.0.0.1", "--port", "7000", "--protocol", "airplay", "-i", "id", "playing"],
  ["--service-properties", ";model=AppleTV6,2;name=Den", "-m", "playing"],
  ["--mrp-credentials", "abc", "--airplay-password", "pw", "--raop-credentials=", "playing"],
  ["--storage", "none", "--storage-filename", "/tmp/x.conf", "--output", "json", "scan"],
  ["-v", "--debug", "--mdns-debug", "--scan-protocols", "mrp,airplay", "scan"],
  ["-n", "Living Room", "--remote-name", "my remote", "-i", "X", "-i", "Y", "playing"], // last one wins
];

const FALLBACK: string[][] = [
  ["--help"],
  ["-h"],
  ["--version", "scan"],
  ["--nope", "scan"],
  ["-mv", "scan"], // combined short flags
  ["-s"], // missing value
  ["-s", "not-an-ip", "scan"],
  ["--scan-port", "0", "scan"],
  ["-t", "100", "scan"],
  ["--storage", "cloud", "scan"],
  ["--pin", "12a", "pair"],
  ["--json=yes", "scan"],
  ["--", "scan"],
  ["--name", "-x", "scan"],
];

describe("fastParseOptions", () => {
  it.each(PLAIN.map((argv) => [argv.join(" "), argv]))("decides %j as commander does", async (_, argv) => {
    const fast = fastParseOptions(argv, fastParsers);
    expect(fast, "the fast path takes this line").toBeDefined();
    const { raw, args } = await parseWithCommander(argv, io());
    expect(fast?.args).toEqual(args);
    expect(fast?.opts).toEqual(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
    // And parseOptions (which takes the fast path) hands out what commander's parse gives.
    expect(await parseOptions(argv, io())).toEqual(toCliOptions(raw, args));
  });

  it.each(FALLBACK.map((argv) => [argv.join(" "), argv]))("leaves %j to commander", (_, argv) => {
    expect(fastParseOptions(argv, fastParsers)).toBeUndefined();
  });
});
