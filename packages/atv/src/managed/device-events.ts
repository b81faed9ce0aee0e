/** The device events a managed connection forwards from whichever connection is current. */
import type { AppleTV, KeyboardFocusState, OutputDevice, Playing, PowerState } from "@atv/core";

export interface ForwardedDeviceEvents {
  /** What is playing changed (push updates; re-armed after every reconnect). */
  playing: [playing: Playing];
  /** The push updater reported an error (it restarts by itself). */
  pushError: [error: Error];
  powerStateChanged: [oldState: PowerState, newState: PowerState];
  volumeChanged: [oldLevel: number, newLevel: number];
  outputDevicesChanged: [oldDevices: readonly OutputDevice[], newDevices: readonly OutputDevice[]];
  outputDeviceVolumeChanged: [device: OutputDevice, oldLevel: number, newLevel: number];
  focusStateChanged: [oldState: KeyboardFocusState, newState: KeyboardFocusState];
}

type Emit = <K extends keyof ForwardedDeviceEvents>(event: K, ...args: ForwardedDeviceEvents[K]) => void;

/** Subscribes to `atv`'s capability events and re-emits them; returns the unsubscribe function. */
export function forwardDeviceEvents(atv: AppleTV, emit: Emit): () => void {
  const offs = [
    atv.pushUpdater.on("playing", (p) => emit("playing", p)),
    atv.pushUpdater.on("error", (e) => emit("pushError", e)),
    atv.power.on("powerStateChanged", (o, n) => emit("powerStateChanged", o, n)),
    atv.audio.on("volumeChanged", (o, n) => emit("volumeChanged", o, n)),
    atv.audio.on("outputDevicesChanged", (o, n) => emit("outputDevicesChanged", o, n)),
    atv.audio.on("outputDeviceVolumeChanged", (d, o, n) => emit("outputDeviceVolumeChanged", d, o, n)),
    atv.keyboard.on("focusStateChanged", (o, n) => emit("focusStateChanged", o, n)),
  ];
  return () => {
    for (const off of offs.splice(0)) off();
  };
}
