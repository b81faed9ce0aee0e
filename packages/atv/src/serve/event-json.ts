/**
 * Device events as atvscript's --json objects (`{result, datetime, …}`), each tagged with the
 * device identifier, written as atvscript writes them (pythonJsonLine).
 */
import type { ManagedAppleTV } from "../managed/index.js";
import * as lib from "../index.js";
import {
  PyFloat,
  enumJson,
  outputDevicesJson,
  playingJson,
  pythonJsonLine,
  resultObject,
  type JsonObject,
} from "../cli/json-output.js";

export interface DeviceEvent {
  device: string;
  /** What changed: playing, power_state, volume, output_devices, output_device_volume, focus_state, connection, push_error. */
  kind: string;
  /** One JSON line in atvscript's schema plus `device`. */
  line: string;
}

export type EventSink = (event: DeviceEvent) => void;

function currentApp(managed: ManagedAppleTV): lib.App | undefined {
  const atv = managed.current;
  try {
    return atv?.features.inState(lib.FeatureState.Available, lib.FeatureName.App)
      ? atv.metadata.app
      : undefined;
  } catch {
    return undefined;
  }
}

export function eventLine(device: string, values: JsonObject, success = true, exception?: string): string {
  return pythonJsonLine({
    ...resultObject(success, values, new Date(), exception !== undefined ? { exception } : {}),
    device,
  });
}

/** Subscribes to a managed connection's events; returns the unsubscribe function. */
export function forwardEvents(device: string, managed: ManagedAppleTV, sink: EventSink): () => void {
  const send = (kind: string, values: JsonObject, success = true, exception?: string): void =>
    sink({ device, kind, line: eventLine(device, values, success, exception) });
  const offs = [
    managed.on("playing", (p) => send("playing", playingJson(lib, p, currentApp(managed)))),
    managed.on("pushError", (e) => send("push_error", {}, false, e.message)),
    managed.on("powerStateChanged", (_o, n) =>
      send("power_state", { power_state: enumJson(lib, lib.PowerState, n) }),
    ),
    managed.on("volumeChanged", (_o, n) => send("volume", { volume: new PyFloat(n) })),
    managed.on("outputDevicesChanged", (_o, d) =>
      send("output_devices", { output_devices: outputDevicesJson(d) }),
    ),
    managed.on("outputDeviceVolumeChanged", (d, o, n) =>
      send("output_device_volume", {
        output_device_id: d.identifier,
        old_level: new PyFloat(o),
        new_level: new PyFloat(n),
      }),
    ),
    managed.on("focusStateChanged", (_o, n) =>
      send("focus_state", { focus_state: enumJson(lib, lib.KeyboardFocusState, n) }),
    ),
    managed.on("stateChanged", (state) => send("connection", { connection: state })),
  ];
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
