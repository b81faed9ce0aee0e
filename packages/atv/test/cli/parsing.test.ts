import { PassThrough } from "node:stream";
import { until } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import { convertArgs } from "../../src/cli/commands/arguments.js";
import { apiCommandList, apiCommands, signature } from "../../src/cli/commands/catalog.js";
import { planCommands } from "../../src/cli/commands/run.js";
import { CommandSyntaxError, parseCommandLine, splitInteractiveLine } from "../../src/cli/command-line.js";
import { CliError } from "../../src/cli/errors.js";
import { parseOptions, parseServiceProperties, ParseExit } from "../../src/cli/options.js";
import { startSpinner } from "../../src/cli/spinner.js";
import { Collector, atv } from "./harness.js";

function io() {
  return { stdout: new Collector(), stderr: new Collector(), stdin: new PassThrough(), version: "1.2.3" };
}

describe("cmd=args", () => {
  it("parses names, integers and strings", () => {
    expect(parseCommandLine("play")).toEqual({ name: "play", args: [], source: "play" });
    const line = parseCommandLine("swipe=0,-10,+3,abc,1.5, 7 ");
    expect(line.name).toBe("swipe");
    expect(line.args.map((a) => a.value)).toEqual([0, -10, 3, "abc", "1.5", 7]);
  });

  it('keeps "…" as a string, commas included', () => {
    const line = parseCommandLine('text_set="123",x,"a,b",""');
    expect(line.args).toEqual([
      { text: "123", value: "123", quoted: true },
      { text: "x", value: "x", quoted: false },
      { text: "a,b", value: "a,b", quoted: true },
      { text: "", value: "", quoted: true },
    ]);
  });

  it("treats `cmd=` as one empty argument and keeps everything after the first =", () => {
    expect(parseCommandLine("text_set=").args).toEqual([{ text: "", value: "", quoted: false }]);
    expect(parseCommandLine("change_setting=info.name,a=b").args.map((a) => a.text)).toEqual([
      "info.name",
      "a=b",
    ]);
  });

  it("keeps integers beyond the safe range as text", () => {
    expect(parseCommandLine("x=99999999999999999999").args[0]?.value).toBe("99999999999999999999");
  });

  it("rejects malformed commands", () => {
    expect(() => parseCommandLine("=1")).toThrow(CommandSyntaxError);
    expect(() => parseCommandLine("Play")).toThrow(/not a command name/);
    expect(() => parseCommandLine('text_set="abc')).toThrow(/unterminated quote/);
  });

  it("splits interactive lines on spaces outside quotes", () => {
    expect(splitInteractiveLine('  play  text_set="a b"\tvolume ')).toEqual([
      "play",
      'text_set="a b"',
      "volume",
    ]);
    expect(splitInteractiveLine("   ")).toEqual([]);
  });

  it("plans commands: help and features take the next token, unknown names fail first", () => {
    expect(
      planCommands(["help", "play", "features", "all", "play"]).map((l) => [
        l.name,
        l.args.map((a) => a.text),
      ]),
    ).toEqual([
      ["help", ["play"]],
      ["features", ["all"]],
      ["play", []],
    ]);
    expect(planCommands(["features", "play"]).map((l) => l.name)).toEqual(["features", "play"]);
    expect(() => planCommands(["play", "nope"])).toThrow(/Unknown command: nope/);
    expect(() => planCommands(["play", "simulate"])).toThrow(/simulate must come first/);
  });
});

describe("argument conversion", () => {
  const conv = (name: string, source: string) => {
    const spec = apiCommands.get(name);
    if (!spec) throw new Error(name);
    return convertArgs(atv, spec.args, parseCommandLine(source).args, name);
  };

  it("converts enums by value or name, numbers, strings and lists", () => {
    expect(conv("up", "up")).toEqual([undefined]);
    expect(conv("up", "up=1")).toEqual([atv.InputAction.DoubleTap]);
    expect(conv("set_repeat", "set_repeat=Track")).toEqual([atv.RepeatState.Track]);
    expect(conv("set_volume", "set_volume=12.5")).toEqual([12.5]);
    expect(conv("set_volume", "set_volume=12")).toEqual([12]);
    expect(conv("text_set", "text_set=007")).toEqual(["007"]);
    expect(conv("add_output_devices", "add_output_devices=a,b,c")).toEqual([["a", "b", "c"]]);
    expect(conv("action", "action=10,20,3")).toEqual([10, 20, atv.TouchAction.Hold]);
  });

  it("explains what is wrong", () => {
    expect(() => conv("up", "up=5")).toThrow(
      'up: action must be one of 0 (SingleTap), 1 (DoubleTap), 2 (Hold), got "5"',
    );
    expect(() => conv("set_position", "set_position")).toThrow("set_position: missing argument position");
    expect(() => conv("set_position", "set_position=abc")).toThrow(
      'set_position: position must be an integer, got "abc"',
    );
    expect(() => conv("set_volume", "set_volume=loud")).toThrow(
      'set_volume: level must be a number, got "loud"',
    );
    expect(() => conv("play", "play=1")).toThrow("play: takes at most 0 argument(s), got 1");
    expect(() => conv("add_output_devices", "add_output_devices=")).toThrow(CliError);
  });

  it("names every member in snake_case and lists optional arguments in brackets", () => {
    expect(apiCommands.get("volume_up")?.target).toBe("audio");
    expect(apiCommands.get("play_pause")?.member).toBe("playPause");
    expect(apiCommands.get("itunes_store_identifier")?.member).toBe("itunesStoreIdentifier");
    expect(signature("skip_forward", apiCommands.get("skip_forward")?.args ?? [])).toBe(
      "skip_forward=[seconds]",
    );
    expect(signature("set_output_devices", apiCommands.get("set_output_devices")?.args ?? [])).toBe(
      "set_output_devices=device_id,…",
    );
    for (const c of apiCommandList) expect(c.name).toMatch(/^[a-z][a-z_]*$/);
  });
});

describe("global flags", () => {
  it("has atvremote's defaults", async () => {
    const o = await parseOptions(["playing"], io());
    expect(o).toMatchObject({
      commands: ["playing"],
      scanPort: 5353,
      scanTimeout: 3,
      storage: "file",
      json: false,
      debug: false,
      manual: false,
    });
    expect(o.scanHosts).toBeUndefined();
    expect(o.credentials).toEqual({});
  });

  it("accepts atvremote's and atvscript's spellings: -p, --output json, -v, --mdns-debug", async () => {
    const o = await parseOptions(["-p", "0042", "--output", "json", "-v", "--mdns-debug", "playing"], io());
    expect(o).toMatchObject({ pin: "0042", json: true, verbose: true, mdnsDebug: true, debug: false });
    const streams = io();
    await expect(parseOptions(["--output", "yaml", "playing"], streams)).rejects.toEqual(new ParseExit(2));
  });

  it("parses every flag", async () => {
    const o = await parseOptions(
      [
        "-s",
        "127.0.0.1,127.0.0.2",
        "--scan-port",
        "15353",
        "-t",
        "99",
        "--scan-protocols",
        "mrp,AirPlay",
        "-i",
        "a,b",
        "-n",
        "Den",
        "--protocol",
        "mrp",
        "-m",
        "--address",
        "127.0.0.1",
        "--port",
        "49152",
        "--service-properties",
        ";a=1;b=x=y",
        "--pin",
        "0042",
        "--mrp-credentials",
        "c1",
        "--raop-credentials",
        "",
        "--airplay-password",
        "pw",
        "--storage",
        "none",
        "--storage-filename",
        "/tmp/x.conf",
        "--json",
        "--debug",
        "--remote-name",
        "Mac",
        "play",
        "set_volume=3",
      ],
      io(),
    );
    expect(o).toEqual({
      commands: ["play", "set_volume=3"],
      scanHosts: ["127.0.0.1", "127.0.0.2"],
      scanPort: 15353,
      scanTimeout: 99,
      scanProtocols: ["mrp", "airplay"],
      id: ["a", "b"],
      name: "Den",
      protocol: "mrp",
      manual: true,
      address: "127.0.0.1",
      port: 49152,
      serviceProperties: { a: "1", b: "x=y" },
      pin: "0042",
      credentials: { mrp: "c1", raop: "" },
      passwords: { airplay: "pw" },
      storage: "none",
      storageFilename: "/tmp/x.conf",
      json: true,
      debug: true,
      verbose: false,
      mdnsDebug: false,
      remoteName: "Mac",
    });
  });

  it("rejects bad values with exit code 2 and a message", async () => {
    for (const [argv, message] of [
      [["-t", "0", "scan"], "--scan-timeout must be 1–99, got 0"],
      [["-t", "100", "scan"], "--scan-timeout must be 1–99, got 100"],
      [["-s", "10.0.0.300", "scan"], '"10.0.0.300" is not an IPv4 address'],
      [["--protocol", "telnet", "pair"], 'unknown protocol "telnet"'],
      [["--pin", "12a", "pair"], "--pin must be 1–8 digits"],
      [["--storage", "cloud", "scan"], "Allowed choices are file, none"],
      [["--frobnicate", "scan"], "unknown option '--frobnicate'"],
    ] as const) {
      const streams = io();
      await expect(parseOptions([...argv], streams)).rejects.toEqual(new ParseExit(2));
      expect(streams.stderr.text).toContain(message);
    }
  });

  it("prints the version and help with exit code 0", async () => {
    const v = io();
    await expect(parseOptions(["--version"], v)).rejects.toEqual(new ParseExit(0));
    expect(v.stdout.text).toBe("atv 1.2.3\n");
    const h = io();
    await expect(parseOptions(["--help"], h)).rejects.toEqual(new ParseExit(0));
    expect(h.stdout.text).toContain("Usage: atv [options] <command[=arg,…]> [command …]");
    expect(h.stdout.text).toContain("--scan-hosts <ip,ip>");
    expect(h.stdout.text).toContain("--companion-credentials <credentials>");
  });

  it("maps --storage-filename default to the default file", async () => {
    expect(
      (await parseOptions(["--storage-filename", "default", "scan"], io())).storageFilename,
    ).toBeUndefined();
  });

  it("parses --service-properties with any separator", () => {
    expect(parseServiceProperties("|model=J105aAP|name=a;b")).toEqual({ model: "J105aAP", name: "a;b" });
    expect(() => parseServiceProperties(";novalue")).toThrow(/not key=value/);
  });
});

describe("spinner", () => {
  it("draws only on a terminal and clears its line when stopped", async () => {
    const tty = new Collector(true);
    const stop = startSpinner(tty, "Scanning", 5);
    await until(() => tty.text.includes("⠙"), { what: "second frame" });
    stop();
    stop();
    expect(tty.text.startsWith("\r⠋ Scanning\r⠙ Scanning")).toBe(true);
    expect(tty.text.endsWith("\r\x1b[K")).toBe(true);
    const pipe = new Collector(false);
    startSpinner(pipe, "Scanning", 5)();
    expect(pipe.text).toBe("");
  });
});
