/**
 * Volume over DACP. pyatv 0.18 only steps volume (ctrl-int volumeup/volumedown, also on
 * RemoteControl); atv adds `setVolume` via `setproperty?dmcp.volume=<0–100>` and reads the
 * level with `getproperty?properties=dmcp.volume` (DACP), which real iTunes/Apple TV 3 serve.
 */
import { TypedEmitter, type AudioEvents, type CallOptions, type Audio } from "@atv/core";
import { firstUint } from "../codec/query.js";
import type { DmapContext } from "../context.js";

export class DmapAudio
  extends TypedEmitter<AudioEvents>
  implements Pick<Audio, "volume" | "setVolume" | "volumeUp" | "volumeDown" | "on" | "off">
{
  readonly #ctx: DmapContext;
  #volume = 0;

  constructor(ctx: DmapContext) {
    super();
    this.#ctx = ctx;
  }

  /** Last known level in percent (0 until read or set). */
  get volume(): number {
    return this.#volume;
  }

  /** Reads the level from the device (`dmcp.volume`). */
  async refresh(options: CallOptions = {}): Promise<number> {
    const nodes = await this.#ctx.atv.getProperty("dmcp.volume", options);
    const level = firstUint(nodes, "cmgt", "cmvo");
    if (level !== undefined) this.#update(Math.min(100, level));
    return this.#volume;
  }

  async setVolume(level: number, options: CallOptions = {}): Promise<void> {
    if (!Number.isFinite(level) || level < 0 || level > 100)
      throw new RangeError(`volume must be 0–100, got ${level}`);
    await this.#ctx.atv.setProperty("dmcp.volume", Math.round(level), options);
    this.#update(Math.round(level));
  }

  async volumeUp(options: CallOptions = {}): Promise<void> {
    await this.#ctx.atv.ctrlInt("volumeup", options);
    await this.refresh(options).catch(() => this.#volume);
  }

  async volumeDown(options: CallOptions = {}): Promise<void> {
    await this.#ctx.atv.ctrlInt("volumedown", options);
    await this.refresh(options).catch(() => this.#volume);
  }

  #update(level: number): void {
    const old = this.#volume;
    this.#volume = level;
    if (old !== level) this.emit("volumeChanged", old, level);
  }
}
