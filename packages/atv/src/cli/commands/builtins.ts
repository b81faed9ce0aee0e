/** The commands atvremote provides itself (not API members): names, usage and help. */

export type BuiltinGroup = "Global" | "Device" | "Settings";

export interface BuiltinInfo {
  readonly name: string;
  readonly group: BuiltinGroup;
  readonly usage: string;
  readonly help: string;
  /** Needs no device (runs before any scan). */
  readonly global: boolean;
}

const info = (
  group: BuiltinGroup,
  name: string,
  usage: string,
  help: string,
  global = false,
): BuiltinInfo => ({
  name,
  group,
  usage,
  help,
  global,
});

export const builtinList: readonly BuiltinInfo[] = [
  info("Global", "commands", "commands", "Print a list with available commands", true),
  info("Global", "help", "help <command>", "Print help text for a command", true),
  info("Global", "scan", "scan", "Scan for Apple TVs on the network", true),
  info("Global", "pair", "pair", "Pair atv as a remote control with a device (needs --protocol)", true),
  info("Global", "wizard", "wizard", "Scan, choose a device, pair what needs pairing and connect", true),
  info("Global", "delay", "delay=ms", "Sleep for a number of milliseconds", true),
  info("Device", "cli", "cli", "Enter commands at an interactive atv> prompt"),
  info("Device", "push_updates", "push_updates", "Print push updates until ENTER (or end of input)"),
  info(
    "Device",
    "artwork_save",
    "artwork_save=[width],[height],[filename]",
    "Save artwork to a file (default artwork.<ext>)",
  ),
  info("Device", "device_info", "device_info", "Print information about the device"),
  info(
    "Device",
    "features",
    "features[=all]",
    "Print the features and their state (all: also unsupported ones)",
  ),
  info("Settings", "print_settings", "print_settings", "Print the device's settings"),
  info(
    "Settings",
    "change_setting",
    "change_setting=path,value",
    "Change a setting, e.g. change_setting=info.name,Den",
  ),
  info("Settings", "unset_setting", "unset_setting=path", "Restore a setting's default"),
  info("Settings", "remove_settings", "remove_settings", "Remove every setting of the device from storage"),
];

export const builtins: ReadonlyMap<string, BuiltinInfo> = new Map(builtinList.map((b) => [b.name, b]));
