/**
 * Every API member atvremote exposes as a command, named in snake_case and mapped
 * to our camelCase members. Member names are type-checked against the interfaces,
 * so a renamed member breaks the build, not the CLI.
 */
import type {
  Apps,
  Audio,
  DeviceInfo,
  Keyboard,
  Metadata,
  Playing,
  Power,
  RemoteControl,
  Stream,
  TouchGestures,
  UserAccounts,
} from "../../index.js";
import { snakeCase } from "../json-output.js";

/** Enums a command argument or result can hold, by their export name. */
export type EnumName =
  | "InputAction"
  | "ShuffleState"
  | "RepeatState"
  | "TouchAction"
  | "PowerState"
  | "MediaType"
  | "DeviceState"
  | "KeyboardFocusState"
  | "OperatingSystem"
  | "DeviceModel";

export type ArgType = "int" | "number" | "string" | "strings" | { readonly enum: EnumName };

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly optional?: boolean;
}

/** Where a command's member lives: a facade interface, the current Playing, or DeviceInfo. */
export interface TargetTypes {
  remoteControl: RemoteControl;
  metadata: Metadata;
  power: Power;
  playing: Playing;
  stream: Stream;
  deviceInfo: DeviceInfo;
  apps: Apps;
  userAccounts: UserAccounts;
  audio: Audio;
  keyboard: Keyboard;
  touch: TouchGestures;
}
export type Target = keyof TargetTypes;

export interface ApiCommand {
  readonly name: string;
  readonly target: Target;
  readonly member: string;
  readonly kind: "method" | "property";
  readonly args: readonly ArgSpec[];
  readonly help: string;
  /** The enum a property's value belongs to (printed by name). */
  readonly valueEnum?: EnumName;
  /** The value is a float in pyatv (printed `20.0`). */
  readonly valueFloat?: boolean;
  /**
   * Builds the call's arguments from the converted command arguments and the call
   * options (default: the arguments, then the options, which every member takes last).
   */
  readonly callArgs?: (args: readonly unknown[], options: { signal?: AbortSignal }) => unknown[];
}

/** Titles used by `commands`, in the order atvremote prints its groups. */
export const targetTitles: Readonly<Record<Target, string>> = {
  remoteControl: "Remote control",
  metadata: "Metadata",
  power: "Power",
  playing: "Playing",
  stream: "AirPlay",
  deviceInfo: "Device Info",
  apps: "Apps",
  userAccounts: "User accounts",
  audio: "Audio",
  keyboard: "Keyboard",
  touch: "Touch",
};

const action: ArgSpec = { name: "action", type: { enum: "InputAction" }, optional: true };
const int = (name: string, optional = false): ArgSpec => ({ name, type: "int", optional });
const str = (name: string): ArgSpec => ({ name, type: "string" });
const ids: ArgSpec = { name: "device_id", type: "strings" };

function method<T extends Target>(
  target: T,
  member: keyof TargetTypes[T] & string,
  help: string,
  args: readonly ArgSpec[] = [],
  callArgs?: ApiCommand["callArgs"],
): ApiCommand {
  return {
    name: snakeCase(member),
    target,
    member,
    kind: "method",
    args,
    help,
    ...(callArgs ? { callArgs } : {}),
  };
}

function property<T extends Target>(
  target: T,
  member: keyof TargetTypes[T] & string,
  help: string,
  valueEnum?: EnumName,
): ApiCommand {
  return {
    name: snakeCase(member),
    target,
    member,
    kind: "property",
    args: [],
    help,
    ...(valueEnum ? { valueEnum } : {}),
  };
}

/** Artwork size: -1 lets the device choose. */
const artworkSize = (v: unknown): number | null | undefined =>
  v === undefined ? undefined : v === -1 ? null : (v as number);

// Audio comes before RemoteControl so volume_up/volume_down go to Audio (as in atvremote).
const audio: ApiCommand[] = [
  { ...property("audio", "volume", "Current volume level in percent (0.0–100.0)"), valueFloat: true },
  method("audio", "setVolume", "Set the volume in percent (0.0–100.0)", [{ name: "level", type: "number" }]),
  method("audio", "volumeUp", "Increase the volume"),
  method("audio", "volumeDown", "Decrease the volume"),
  property("audio", "outputDevices", "Output devices (AirPlay speakers) in use"),
  method("audio", "addOutputDevices", "Add output devices by identifier", [ids]),
  method("audio", "removeOutputDevices", "Remove output devices by identifier", [ids]),
  method("audio", "setOutputDevices", "Use exactly these output devices", [ids]),
];

const remoteControl: ApiCommand[] = [
  method("remoteControl", "up", "Press key up", [action]),
  method("remoteControl", "down", "Press key down", [action]),
  method("remoteControl", "left", "Press key left", [action]),
  method("remoteControl", "right", "Press key right", [action]),
  method("remoteControl", "play", "Press key play"),
  method("remoteControl", "playPause", "Toggle between play and pause"),
  method("remoteControl", "pause", "Press key pause"),
  method("remoteControl", "stop", "Press key stop"),
  method("remoteControl", "next", "Press key next"),
  method("remoteControl", "previous", "Press key previous"),
  method("remoteControl", "select", "Press key select", [action]),
  method("remoteControl", "menu", "Press key menu", [action]),
  method("remoteControl", "volumeUp", "Press key volume up"),
  method("remoteControl", "volumeDown", "Press key volume down"),
  method("remoteControl", "home", "Press key home", [action]),
  method("remoteControl", "homeHold", "Hold key home"),
  method("remoteControl", "topMenu", "Go to main menu (long press menu)"),
  method("remoteControl", "suspend", "Suspend the device (deprecated: use turn_off)"),
  method("remoteControl", "wakeup", "Wake up the device (deprecated: use turn_on)"),
  method("remoteControl", "skipForward", "Skip forward a time interval in seconds", [int("seconds", true)]),
  method("remoteControl", "skipBackward", "Skip backward a time interval in seconds", [int("seconds", true)]),
  method("remoteControl", "setPosition", "Seek to a position in seconds", [int("position")]),
  method("remoteControl", "setShuffle", "Change shuffle state (0 off, 1 albums, 2 songs)", [
    { name: "state", type: { enum: "ShuffleState" } },
  ]),
  method("remoteControl", "setRepeat", "Change repeat state (0 off, 1 track, 2 all)", [
    { name: "state", type: { enum: "RepeatState" } },
  ]),
  method("remoteControl", "channelUp", "Select next channel"),
  method("remoteControl", "channelDown", "Select previous channel"),
  method("remoteControl", "screensaver", "Activate the screen saver"),
  method("remoteControl", "guide", "Show the EPG"),
  method("remoteControl", "controlCenter", "Open the control center"),
];

const metadata: ApiCommand[] = [
  property("metadata", "deviceId", "A unique identifier of the device"),
  method(
    "metadata",
    "artwork",
    "Artwork of what is playing (width, height; -1 lets the device choose)",
    [int("width", true), int("height", true)],
    ([w, h], options) => {
      const width = artworkSize(w);
      const height = artworkSize(h);
      return [
        {
          ...options,
          ...(width !== undefined ? { width } : {}),
          ...(height !== undefined ? { height } : {}),
        },
      ];
    },
  ),
  property("metadata", "artworkId", "A unique identifier of the current artwork"),
  method("metadata", "playing", "What is playing right now"),
  property("metadata", "app", "The app that is playing"),
];

const power: ApiCommand[] = [
  property("power", "powerState", "Current power state", "PowerState"),
  method("power", "turnOn", "Turn the device on"),
  method("power", "turnOff", "Turn the device off"),
];

const playing: ApiCommand[] = [
  property("playing", "hash", "A unique hash of what is playing"),
  property("playing", "mediaType", "Type of media that is playing", "MediaType"),
  property("playing", "deviceState", "Device state (playing, paused …)", "DeviceState"),
  property("playing", "title", "Title of the media"),
  property("playing", "artist", "Artist of the media"),
  property("playing", "album", "Album of the media"),
  property("playing", "genre", "Genre of the media"),
  property("playing", "totalTime", "Total play time in seconds"),
  property("playing", "position", "Position in the media in seconds"),
  property("playing", "shuffle", "Shuffle state", "ShuffleState"),
  property("playing", "repeat", "Repeat state", "RepeatState"),
  property("playing", "seriesName", "Title of the TV series"),
  property("playing", "seasonNumber", "Season number of the TV series"),
  property("playing", "episodeNumber", "Episode number of the TV series"),
  property("playing", "contentIdentifier", "Identifier of the content"),
  property("playing", "itunesStoreIdentifier", "iTunes Store identifier of the content"),
];

const stream: ApiCommand[] = [
  method("stream", "playUrl", "Play media from a URL", [str("url")]),
  method("stream", "streamFile", "Stream a local file or URL (- reads stdin)", [str("file")]),
  method("stream", "close", "Stop streaming"),
];

const deviceInfo: ApiCommand[] = [
  property("deviceInfo", "operatingSystem", "Operating system running on the device", "OperatingSystem"),
  property("deviceInfo", "version", "Operating system version"),
  property("deviceInfo", "buildNumber", "Operating system build number"),
  property("deviceInfo", "model", "Hardware model", "DeviceModel"),
  property("deviceInfo", "rawModel", "Raw model string when the model is unknown"),
  property("deviceInfo", "modelStr", "Model name as text"),
  property("deviceInfo", "mac", "MAC address of the device"),
  property("deviceInfo", "outputDeviceId", "Output device identifier (AirPlay)"),
];

const apps: ApiCommand[] = [
  method("apps", "appList", "List installed apps"),
  method("apps", "launchApp", "Launch an app by bundle id or URL", [str("bundle_id_or_url")]),
];

const userAccounts: ApiCommand[] = [
  method("userAccounts", "accountList", "List user accounts"),
  method("userAccounts", "switchAccount", "Switch to a user account by identifier", [str("account_id")]),
];

const keyboard: ApiCommand[] = [
  property("keyboard", "textFocusState", "Whether a text field has focus", "KeyboardFocusState"),
  method("keyboard", "textGet", "Text in the focused text field"),
  method("keyboard", "textClear", "Clear the focused text field"),
  method("keyboard", "textAppend", "Append text to the focused text field", [str("text")]),
  method("keyboard", "textSet", "Replace the text in the focused text field", [str("text")]),
];

const touch: ApiCommand[] = [
  method("touch", "swipe", "Swipe from one point to another (0–1000) in ms", [
    int("start_x"),
    int("start_y"),
    int("end_x"),
    int("end_y"),
    int("duration_ms"),
  ]),
  method("touch", "action", "Touch event at a point (mode 1 press, 3 hold, 4 release)", [
    int("x"),
    int("y"),
    { name: "mode", type: { enum: "TouchAction" } },
  ]),
  method("touch", "click", "Touch-pad click (0 tap, 1 double tap, 2 hold)", [
    { name: "action", type: { enum: "InputAction" } },
  ]),
];

/** Every API command in lookup order (the first of a name wins). */
export const apiCommandList: readonly ApiCommand[] = [
  ...audio,
  ...remoteControl,
  ...metadata,
  ...power,
  ...playing,
  ...stream,
  ...deviceInfo,
  ...apps,
  ...userAccounts,
  ...keyboard,
  ...touch,
];

export const apiCommands: ReadonlyMap<string, ApiCommand> = (() => {
  const map = new Map<string, ApiCommand>();
  for (const c of apiCommandList) if (!map.has(c.name)) map.set(c.name, c);
  return map;
})();

/** `name=arg1,arg2` with optional arguments in brackets. */
export function signature(name: string, args: readonly ArgSpec[]): string {
  if (args.length === 0) return name;
  const parts = args.map((a) => (a.optional ? `[${a.name}]` : a.type === "strings" ? `${a.name},…` : a.name));
  return `${name}=${parts.join(",")}`;
}
