/**
 * Volume over Companion (companion.md §7.3–7.4): the level is learnt from `_iMC` (when its
 * Volume flag is set, ask Get volume); set with `_mcc` Set volume, step with `_hidC` 8/9, and
 * each call resolves once the device reported the new level (pyatv waits up to 5 s).
 */
import {
  ConnectionLostError,
  OperationTimeoutError,
  TypedEmitter,
  type Audio,
  type AudioEvents,
  type CallOptions,
} from "@atv/core";
import { HidCommand, MediaControlCommand, MediaControlFlags } from "../codec/constants.js";
import { OpackFloat, opackGet, opackNumber } from "../codec/opack.js";
import type { CompanionClient } from "../client.js";
import type { CompanionContext } from "../context.js";
import { abortReason } from "../session.js";
import { pressButton } from "./hid.js";

export const VOLUME_UPDATE_TIMEOUT_MS = 5000;

type CompanionAudioMembers = Pick<Audio, "volume" | "setVolume" | "volumeUp" | "volumeDown" | "on" | "off">;

export class CompanionAudio extends TypedEmitter<AudioEvents> implements CompanionAudioMembers {
  readonly #ctx: CompanionContext;
  #volume = 0;
  /** Volume updates seen so far (calls wait for the next one). */
  #updates = 0;
  readonly #waiters = new Set<() => void>();
  #generation = 0;

  constructor(ctx: CompanionContext) {
    super();
    this.#ctx = ctx;
    ctx.whenConnected((client) => {
      client.on("mediaControlFlags", (flags) => void this.#onFlags(client, flags));
      // An `_iMC` that came during the connect sequence, before capabilities were attached.
      if (client.mediaControlFlags !== 0) void this.#onFlags(client, client.mediaControlFlags);
    });
  }

  /** Whether the device says volume can be controlled (the `_mcF` Volume bit). */
  get available(): boolean {
    return ((this.#ctx.current?.mediaControlFlags ?? 0) & MediaControlFlags.Volume) !== 0;
  }

  /** Percent 0–100. */
  get volume(): number {
    return this.#volume;
  }

  async setVolume(level: number, options: CallOptions = {}): Promise<void> {
    if (!Number.isFinite(level) || level < 0 || level > 100)
      throw new RangeError(`volume ${level} is outside 0–100`);
    await this.#thenUpdate(options, () =>
      this.#ctx.client.request(
        "_mcc",
        { _mcc: MediaControlCommand.SetVolume, _vol: new OpackFloat(level / 100) },
        options,
      ),
    );
  }

  async volumeUp(options: CallOptions = {}): Promise<void> {
    await this.#thenUpdate(options, () => pressButton(this.#ctx, HidCommand.VolumeUp, undefined, options));
  }

  async volumeDown(options: CallOptions = {}): Promise<void> {
    await this.#thenUpdate(options, () => pressButton(this.#ctx, HidCommand.VolumeDown, undefined, options));
  }

  async #onFlags(client: CompanionClient, flags: number): Promise<void> {
    // A slow Get volume must not overwrite what a later `_iMC` said.
    const generation = ++this.#generation;
    let level = 0;
    if (flags & MediaControlFlags.Volume) {
      try {
        const content = await client.request("_mcc", { _mcc: MediaControlCommand.GetVolume });
        const vol = opackNumber(opackGet(content, "_vol"));
        if (vol === undefined || !(vol >= 0 && vol <= 1)) return;
        // Rounded to 1/1000 %: 0.3 × 100 is 30.000000000000004 in floating point.
        level = Math.round(vol * 100_000) / 1000;
        if (generation !== this.#generation) return;
      } catch (error) {
        client.logger("volume query failed: %s", error instanceof Error ? error.message : String(error));
        return;
      }
    }
    const old = this.#volume;
    this.#volume = level;
    this.#updates++;
    if (old !== level) this.emit("volumeChanged", old, level);
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Runs `send`, then waits for the next volume update (unless one already came). */
  async #thenUpdate(options: CallOptions, send: () => Promise<unknown>): Promise<void> {
    const seen = this.#updates;
    await send();
    if (this.#updates !== seen) return;
    const { signal } = options;
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        stopClosed();
        signal?.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve();
      };
      const waiter = (): void => finish();
      const onAbort = (): void => finish(abortReason(signal));
      const timer = setTimeout(
        () => finish(new OperationTimeoutError(`no volume update within ${VOLUME_UPDATE_TIMEOUT_MS} ms`)),
        VOLUME_UPDATE_TIMEOUT_MS,
      );
      const stopClosed = this.#ctx.client.session.connection.on("closed", (error) =>
        finish(error ?? new ConnectionLostError("Companion connection closed")),
      );
      this.#waiters.add(waiter);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
