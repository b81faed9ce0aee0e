/**
 * Golden output: the real `atv` command (a process) against the simulator's fixed
 * scenario, compared byte for byte with what pyatv 0.18's atvremote (text) and
 * atvscript (`--json`) print. Only `datetime` (wall clock) and the service port
 * (chosen by the OS) are filled in from the run. Where each expected string comes from:
 *
 * - JSON lines: atvscript.py `output()` + `print(json.dumps(...))`: separators ", " and
 *   ": ", ensure_ascii, key order result, datetime, then the values in insertion order.
 *   `playing` keys: `retrieve_commands(Playing)` walks the Playing class in definition
 *   order, where the `hash` property precedes media_type … (interface.py). Enum values
 *   are `.name.lower()`, falsy values null (`_convert`). `scan` keys: `_scan_devices`.
 *   `push_updates`: power_state first, then `outputdevices_update([], output_devices)`,
 *   then the playing objects; ENTER ends with {"push_updates": "finished"}.
 * - `playing` text: interface.py Playing.__str__ (12-column labels, position cases).
 * - `scan`, `device_info`, `features` text: atvremote.py (`Scan Results` + 40 "=",
 *   conf.py AppleTV.__str__; "Model/SW: {device_info}" + "     MAC: {mac}";
 *   "Feature list:" in FeatureName declaration order, then the legend) as summarised in
 *   pyatv-api.md §7; those three were not re-checked line by line against pyatv's source.
 * - `print_settings` text: pyatv-api.md §7 ("path = value (types)") and pyatv/settings.py
 *   field order and types. atvremote.py 0.18's print_settings itself could not be read
 *   here; how it renders the str-enum values (`auto` vs `MrpTunnel.Auto`, which depends
 *   on the Python version's Enum.__format__) is not confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { LineQueue, runCli, spawnCli } from "./process.js";

const TIMEOUT_MS = 60_000;
const ID = "GOLDEN-0001";
/** The simulator derives one MAC from the identifier for MRP, AirPlay (deviceid) and RAOP (`<MAC>@name`). */
const MAC = "02:DB:66:5C:5A:8A";
const RAOP_ID = MAC.replaceAll(":", "");
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ name: "Golden Room", identifier: ID });
  // Paused, so the position does not move while the test runs.
  sim.mrp.useCases.musicPlaying({
    title: "Never Gonna Give You Up",
    artist: "Rick Astley",
    album: "Whenever You Need Somebody",
    genre: "Pop",
    totalTime: 213,
    position: 12,
    paused: true,
    itemIdentifier: "item-1",
  });
}, TIMEOUT_MS);
afterAll(async () => {
  await sim.close();
});

const flags = (): string[] => [
  "--storage",
  "none",
  "-s",
  "127.0.0.1",
  "--scan-port",
  String(sim.info.ports.udns),
];
const device = (): string[] => [...flags(), "-i", ID];

/** The datetime of a JSON line (the only value taken from the output itself). */
function datetimeOf(line: string): string {
  const match = /^\{"result": "(?:success|failure)", "datetime": "([^"]+)"/.exec(line);
  if (!match?.[1]) throw new Error(`not an atvscript line: ${line}`);
  return match[1];
}

const PLAYING_VALUES =
  '"hash": "item-1", "media_type": "music", "device_state": "paused", "title": "Never Gonna Give You Up", ' +
  '"artist": "Rick Astley", "album": "Whenever You Need Somebody", "genre": "Pop", "total_time": 213, ' +
  '"position": 12, "shuffle": "off", "repeat": "off", "series_name": null, "season_number": null, ' +
  '"episode_number": null, "content_identifier": null, "itunes_store_identifier": null, ' +
  '"app": "Example Player", "app_id": "com.example.player"';

describe("atv --json (atvscript)", () => {
  it(
    "scan",
    async () => {
      const r = await runCli([...flags(), "--json", "scan"]);
      expect(r.code).toBe(0);
      const dt = datetimeOf(r.stdout);
      expect(r.stdout).toBe(
        `{"result": "success", "datetime": "${dt}", "devices": [{"name": "Golden Room", "address": "127.0.0.1", ` +
          `"identifier": "${ID}", "all_identifiers": ["${ID}", "${MAC}", "${RAOP_ID}", "${ID}"], "device_info": {"mac": "${MAC}", ` +
          `"model": "Gen4K", "model_str": "Apple TV 4K", "operating_system": "TvOS", "version": "14.7"}, ` +
          `"services": [{"protocol": "mrp", "port": ${sim.info.ports.mrp}}, {"protocol": "airplay", "port": ${sim.info.ports.airplay}}, ` +
          `{"protocol": "raop", "port": ${sim.info.ports.raop}}, {"protocol": "companion", "port": ${sim.info.ports.companion}}]}]}\n`,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "playing",
    async () => {
      const r = await runCli([...device(), "--json", "playing"]);
      expect(r.code).toBe(0);
      const dt = datetimeOf(r.stdout);
      expect(r.stdout).toBe(`{"result": "success", "datetime": "${dt}", ${PLAYING_VALUES}}\n`);
    },
    TIMEOUT_MS,
  );

  it(
    "push_updates: power state, output devices, playing, then finished on ENTER",
    async () => {
      const child = spawnCli([...device(), "--json", "push_updates"]);
      const lines = new LineQueue(child);
      await lines.waitFor((l) => l.includes('"title"'));
      child.stdin.end("\n");
      await lines.waitFor((l) => l.includes('"push_updates"'));
      const out = lines.lines.map((l) => `${l}\n`);
      const at = (i: number): string => datetimeOf(lines.lines[i] ?? "");
      expect(out).toEqual([
        `{"result": "success", "datetime": "${at(0)}", "power_state": "on"}\n`,
        `{"result": "success", "datetime": "${at(1)}", "output_devices": [{"name": "Golden Room", "identifier": "${ID}"}]}\n`,
        `{"result": "success", "datetime": "${at(2)}", ${PLAYING_VALUES}}\n`,
        `{"result": "success", "datetime": "${at(3)}", "push_updates": "finished"}\n`,
      ]);
    },
    TIMEOUT_MS,
  );
});

describe("atv text (atvremote)", () => {
  it(
    "playing",
    async () => {
      const r = await runCli([...device(), "playing"]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toBe(
        [
          "  Media type: Music",
          "Device state: Paused",
          "       Title: Never Gonna Give You Up",
          "      Artist: Rick Astley",
          "       Album: Whenever You Need Somebody",
          "       Genre: Pop",
          "    Position: 12/213s (5.6%)",
          "      Repeat: Off",
          "     Shuffle: Off",
          "",
        ].join("\n"),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "scan",
    async () => {
      const r = await runCli([...flags(), "scan"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          "Scan Results",
          "=".repeat(40),
          "       Name: Golden Room",
          "   Model/SW: Apple TV 4K, tvOS 14.7 build 18M60",
          "    Address: 127.0.0.1",
          `        MAC: ${MAC}`,
          " Deep Sleep: False",
          "Identifiers:",
          ` - ${ID}`,
          ` - ${MAC}`,
          ` - ${RAOP_ID}`,
          ` - ${ID}`,
          "Services:",
          ` - Protocol: MRP, Port: ${sim.info.ports.mrp}, Credentials: None, Requires Password: False, Password: None, Pairing: Optional`,
          ` - Protocol: AirPlay, Port: ${sim.info.ports.airplay}, Credentials: None, Requires Password: False, Password: None, Pairing: Mandatory`,
          ` - Protocol: RAOP, Port: ${sim.info.ports.raop}, Credentials: None, Requires Password: False, Password: None, Pairing: NotNeeded`,
          ` - Protocol: Companion, Port: ${sim.info.ports.companion}, Credentials: None, Requires Password: False, Password: None, Pairing: Mandatory`,
          "",
          "",
        ].join("\n"),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "values as Python's str(): enums, floats, None",
    async () => {
      // atvremote prints each result with print(): str(PowerState.On) is "PowerState.On",
      // str(50.0) is "50.0", a missing value "None".
      const r = await runCli([...device(), "power_state", "volume", "device_state", "series_name"]);
      expect(r.stdout).toBe("PowerState.On\n50.0\nDeviceState.Paused\nNone\n");
    },
    TIMEOUT_MS,
  );

  it(
    "device_info",
    async () => {
      const r = await runCli([...device(), "device_info"]);
      expect(r.stdout).toBe(`Model/SW: Apple TV 4K, tvOS 14.7 build 18M60\n     MAC: ${MAC}\n`);
    },
    TIMEOUT_MS,
  );

  it(
    "features: FeatureName declaration order, then the legend",
    async () => {
      const r = await runCli([...device(), "features"]);
      const [list, legend] = r.stdout.split("\n\nLegend:\n");
      const names = (list ?? "")
        .split("\n")
        .slice(2)
        .map((l) => l.split(":")[0]);
      expect((list ?? "").split("\n").slice(0, 2)).toEqual(["Feature list:", "-------------"]);
      // pyatv const.FeatureName declares Up=0 … in numeric order: the printed order must follow it.
      const order = names.map((n) => pyatvFeatureOrder.indexOf(n ?? ""));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(legend?.startsWith("-------\nAvailable: Supported by device and usable now\n")).toBe(true);
    },
    TIMEOUT_MS,
  );
});

describe("atv print_settings (atvremote)", () => {
  it(
    "every setting as `path = value (types)` in pyatv's model order",
    async () => {
      // Format per pyatv-api.md §7 ("path = value (types)"); order, types and defaults from
      // pyatv/settings.py (pydantic fields in declaration order; Optional[str] is shown as
      // its type arguments "str, NoneType"; None as "None"). The settings are the ones a
      // fresh (memory) storage makes for the scanned device: its services' identifiers.
      // Only rp_id (random per run) is taken from the output.
      const r = await runCli([...device(), "print_settings"]);
      expect(r.code).toBe(0);
      const rpId = /^info\.rp_id = ([0-9a-f]{12}) \(str, NoneType\)$/m.exec(r.stdout)?.[1];
      expect(rpId).toBeDefined();
      expect(r.stdout).toBe(
        [
          "info.name = pyatv (str)",
          "info.mac = 02:70:79:61:74:76 (str)",
          "info.model = iPhone10,6 (str)",
          "info.device_id = FF:70:79:61:74:76 (str)",
          `info.rp_id = ${rpId ?? ""} (str, NoneType)`,
          "info.os_name = iPhone OS (str)",
          "info.os_build = 18G82 (str)",
          "info.os_version = 14.7.1 (str)",
          `protocols.airplay.identifier = ${MAC} (str, NoneType)`,
          "protocols.airplay.credentials = None (str, NoneType)",
          "protocols.airplay.password = None (str, NoneType)",
          "protocols.airplay.mrp_tunnel = auto (MrpTunnel)",
          `protocols.companion.identifier = ${ID} (str, NoneType)`,
          "protocols.companion.credentials = None (str, NoneType)",
          "protocols.dmap.identifier = None (str, NoneType)",
          "protocols.dmap.credentials = None (str, NoneType)",
          `protocols.mrp.identifier = ${ID} (str, NoneType)`,
          "protocols.mrp.credentials = None (str, NoneType)",
          `protocols.raop.identifier = ${RAOP_ID} (str, NoneType)`,
          "protocols.raop.credentials = None (str, NoneType)",
          "protocols.raop.password = None (str, NoneType)",
          "protocols.raop.protocol_version = auto (AirPlayVersion)",
          "protocols.raop.timing_port = 0 (int)",
          "protocols.raop.control_port = 0 (int)",
          "",
        ].join("\n"),
      );
    },
    TIMEOUT_MS,
  );
});

describe("device selection as pyatv", () => {
  it(
    "atvremote's scan filters by -i; atvscript's scan does not",
    async () => {
      const text = await runCli([...flags(), "-i", "SOMEONE-ELSE", "scan"]);
      expect(text.stdout).toBe("Scan Results\n" + "=".repeat(40) + "\nNo devices found\n");
      const json = await runCli([...flags(), "-i", "SOMEONE-ELSE", "--json", "scan"]);
      expect(json.stdout).toContain(`"identifier": "${ID}"`);
    },
    TIMEOUT_MS,
  );

  it(
    "atvscript's --protocol filters the device scan",
    async () => {
      const mrp = await runCli([...device(), "--protocol", "mrp", "--json", "playing"]);
      expect(mrp.stdout).toContain('"title": "Never Gonna Give You Up"');
      // The default simulator has no DMAP service.
      const dmap = await runCli([...device(), "--protocol", "dmap", "--json", "playing"]);
      expect(dmap.stdout).toMatch(/^\{"result": "failure", "datetime": "[^"]+", "error": "device_not_found"/);
    },
    TIMEOUT_MS,
  );
});

/** pyatv 0.18 const.FeatureName, in declaration (= numeric) order. */
const pyatvFeatureOrder = [
  "Up",
  "Down",
  "Left",
  "Right",
  "Play",
  "PlayPause",
  "Pause",
  "Stop",
  "Next",
  "Previous",
  "Select",
  "Menu",
  "VolumeUp",
  "VolumeDown",
  "Home",
  "HomeHold",
  "TopMenu",
  "Suspend",
  "WakeUp",
  "SetPosition",
  "SetShuffle",
  "SetRepeat",
  "Title",
  "Artist",
  "Album",
  "Genre",
  "TotalTime",
  "Position",
  "Shuffle",
  "Repeat",
  "Artwork",
  "PlayUrl",
  "PowerState",
  "TurnOn",
  "TurnOff",
  "App",
  "SkipForward",
  "SkipBackward",
  "AppList",
  "LaunchApp",
  "SeriesName",
  "SeasonNumber",
  "EpisodeNumber",
  "PushUpdates",
  "StreamFile",
  "Volume",
  "SetVolume",
  "ContentIdentifier",
  "ChannelUp",
  "ChannelDown",
  "Screensaver",
  "Guide",
  "ControlCenter",
  "iTunesStoreIdentifier",
  "AccountList",
  "SwitchAccount",
  "TextFocusState",
  "TextGet",
  "TextClear",
  "TextAppend",
  "TextSet",
  "OutputDevices",
  "AddOutputDevices",
  "RemoveOutputDevices",
  "SetOutputDevices",
  "Swipe",
  "Action",
  "Click",
];
