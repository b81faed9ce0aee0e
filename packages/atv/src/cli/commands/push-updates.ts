/**
 * push_updates: prints what the device pushes until ENTER or end of input, a
 * signal, or the connection ending. In --json mode atvscript's stream: first
 * power_state, then output_devices, then updates as they happen, then
 * `{"push_updates":"finished"}`.
 */
import type { AppleTV, OutputDevice, PowerState } from "../../index.js";
import type { CliContext } from "../context.js";
import { ExitCode } from "../errors.js";
import { formatValue, pythonEnumText, pythonFloatText } from "../format.js";
import { PyFloat, enumJson, outputDevicesJson, playingJson } from "../json-output.js";
import { currentApp } from "./execute.js";
import { messageOf } from "./report.js";

function powerState(ctx: CliContext, atv: AppleTV): PowerState {
  try {
    return atv.power.powerState;
  } catch {
    return ctx.lib.PowerState.Unknown;
  }
}

function outputDevices(atv: AppleTV): readonly OutputDevice[] {
  try {
    return atv.audio.outputDevices;
  } catch {
    return [];
  }
}

/** Resolves when the device closes or loses the connection. */
function connectionEnd(
  atv: AppleTV,
  subscriptions: (() => void)[],
): Promise<{ lost: boolean; error?: Error }> {
  return new Promise((resolve) => {
    subscriptions.push(
      atv.on("connectionLost", (error) => resolve({ lost: true, error })),
      atv.on("connectionClosed", () => resolve({ lost: false })),
    );
  });
}

export async function runPushUpdates(ctx: CliContext): Promise<number> {
  const { lib } = ctx;
  const atv = await ctx.device();
  if (!atv.features.inState(lib.FeatureState.Available, lib.FeatureName.PushUpdates)) {
    if (ctx.json)
      ctx.emit({}, false, { error: "unsupported_command", exception: "Push updates are not supported" });
    else ctx.warn("Push updates are not supported (no protocol supports it)");
    return ExitCode.Error;
  }

  const subscriptions: (() => void)[] = [];
  const ended = connectionEnd(atv, subscriptions);
  if (ctx.json) {
    subscriptions.push(
      atv.pushUpdater.on("playing", (playing) => ctx.emit(playingJson(lib, playing, currentApp(ctx, atv)))),
      atv.pushUpdater.on("error", (error) => ctx.emit({}, false, { exception: messageOf(error) })),
      atv.power.on("powerStateChanged", (_old, state) =>
        ctx.emit({ power_state: enumJson(lib, lib.PowerState, state) }),
      ),
      atv.audio.on("volumeChanged", (_old, level) => ctx.emit({ volume: new PyFloat(level) })),
      atv.audio.on("outputDevicesChanged", (_old, devices) =>
        ctx.emit({ output_devices: outputDevicesJson(devices) }),
      ),
      atv.audio.on("outputDeviceVolumeChanged", (device, oldLevel, newLevel) =>
        ctx.emit({
          output_device_id: device.identifier,
          old_level: new PyFloat(oldLevel),
          new_level: new PyFloat(newLevel),
        }),
      ),
      atv.keyboard.on("focusStateChanged", (_old, state) =>
        ctx.emit({ focus_state: enumJson(lib, lib.KeyboardFocusState, state) }),
      ),
    );
  } else {
    const name = <E extends Record<string, number>>(e: E, v: E[keyof E]) => lib.nameOf(e, v);
    subscriptions.push(
      atv.pushUpdater.on("playing", (playing) => {
        ctx.print(playing.toString());
        ctx.print("-".repeat(20));
      }),
      atv.pushUpdater.on("error", (error) =>
        ctx.print(`An error occurred (restarting): ${messageOf(error)}`),
      ),
      atv.power.on("powerStateChanged", (o, n) =>
        // atvremote: "Power state changed from {0:s} to {1:s}" with the Enum members (str() = PowerState.On).
        ctx.print(
          `Power state changed from ${pythonEnumText(lib, "PowerState", o)} to ${pythonEnumText(lib, "PowerState", n)}`,
        ),
      ),
      atv.audio.on("volumeChanged", (o, n) =>
        ctx.print(`Volume changed from ${pythonFloatText(o)} to ${pythonFloatText(n)}`),
      ),
      atv.audio.on("outputDevicesChanged", (_o, devices) =>
        ctx.print(`Output devices: ${formatValue(lib, devices)}`),
      ),
      atv.audio.on("outputDeviceVolumeChanged", (d, o, n) =>
        ctx.print(`Volume of ${d.name ?? d.identifier} changed from ${o} to ${n}`),
      ),
      atv.keyboard.on("focusStateChanged", (o, n) =>
        ctx.print(
          `Keyboard focus changed from ${name(lib.KeyboardFocusState, o)} to ${name(lib.KeyboardFocusState, n)}`,
        ),
      ),
    );
  }

  const stop = new AbortController();
  const signals = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  try {
    atv.pushUpdater.start();
    if (ctx.json) {
      ctx.emit({ power_state: enumJson(lib, lib.PowerState, powerState(ctx, atv)) });
      ctx.emit({ output_devices: outputDevicesJson(outputDevices(atv)) });
    } else {
      ctx.print("Press ENTER to stop");
    }
    const result = await Promise.race([ctx.lines.readLine(signals).then(() => undefined), ended]);
    if (result !== undefined) {
      if (ctx.json) {
        if (result.lost) ctx.emit({ connection: "lost" }, false, { exception: messageOf(result.error) });
        else ctx.emit({ connection: "closed" });
      } else if (result.lost) {
        ctx.warn(`Connection lost: ${messageOf(result.error)}`);
      } else {
        ctx.print("Connection closed by the device");
      }
    }
    if (ctx.json) ctx.emit({ push_updates: "finished" });
    return result?.lost === true ? ExitCode.Error : ExitCode.Ok;
  } finally {
    stop.abort();
    for (const unsubscribe of subscriptions) unsubscribe();
    if (!atv.closed) atv.pushUpdater.stop();
  }
}
