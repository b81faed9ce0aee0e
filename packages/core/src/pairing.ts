import type { BaseService } from "./config/service.js";
import type { CallOptions } from "./interfaces.js";

/**
 * Pairs with one protocol of a device. Flow: begin → pin → finish → hasPaired → close.
 * On success the credentials are on `service.credentials` (and in storage).
 */
export interface PairingHandler extends AsyncDisposable {
  readonly service: BaseService;
  /** True when the device shows a PIN the user types in (MRP, AirPlay, RAOP, Companion). */
  readonly deviceProvidesPin: boolean;
  readonly hasPaired: boolean;
  begin(options?: CallOptions): Promise<void>;
  /** Sets the PIN (zero-padded to 4 digits). */
  pin(pin: number | string): void;
  /** Completes pairing; PairingError when no PIN was set or pairing failed. */
  finish(options?: CallOptions): Promise<void>;
  close(): Promise<void>;
}

/** Formats a PIN as pyatv does: digits, zero-padded to 4. RangeError on anything else. */
export function formatPin(pin: number | string): string {
  const text = typeof pin === "number" ? String(pin) : pin.trim();
  if (!/^\d{1,8}$/.test(text) || (typeof pin === "number" && (!Number.isInteger(pin) || pin < 0))) {
    throw new RangeError(`PIN must be 1–8 digits, got ${JSON.stringify(String(pin))}`);
  }
  return text.padStart(4, "0");
}
