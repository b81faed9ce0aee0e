/** Shared by the capabilities of one setup: the connected device (once connect() succeeded). */
import { InvalidStateError } from "@atv/core";
import type { DmapAppleTV } from "./apple-tv.js";

export class DmapContext {
  readonly deviceId: string | undefined;
  current: DmapAppleTV | undefined;

  constructor(deviceId: string | undefined) {
    this.deviceId = deviceId;
  }

  /** The connected device; InvalidStateError before connect. */
  get atv(): DmapAppleTV {
    if (!this.current) throw new InvalidStateError("DMAP is not connected");
    return this.current;
  }
}
