import { MalformedMessageError } from "./errors.js";

/** HID usage page and usage of one key (mrp.md §9). */
export interface HidKey {
  readonly usagePage: number;
  readonly usage: number;
}

/** Keys MRP sends as HID events. */
export const HidKeys = {
  up: { usagePage: 0x01, usage: 0x8c },
  down: { usagePage: 0x01, usage: 0x8d },
  left: { usagePage: 0x01, usage: 0x8b },
  right: { usagePage: 0x01, usage: 0x8a },
  select: { usagePage: 0x01, usage: 0x89 },
  menu: { usagePage: 0x01, usage: 0x86 },
  suspend: { usagePage: 0x01, usage: 0x82 },
  wakeup: { usagePage: 0x01, usage: 0x83 },
  home: { usagePage: 0x0c, usage: 0x40 },
  topMenu: { usagePage: 0x0c, usage: 0x60 },
  stop: { usagePage: 0x0c, usage: 0xb7 },
  next: { usagePage: 0x0c, usage: 0xb5 },
  previous: { usagePage: 0x0c, usage: 0xb6 },
  volumeUp: { usagePage: 0x0c, usage: 0xe9 },
  volumeDown: { usagePage: 0x0c, usage: 0xea },
  play: { usagePage: 0x0c, usage: 0xb0 },
  pause: { usagePage: 0x0c, usage: 0xb1 },
} as const satisfies Record<string, HidKey>;
export type HidKeyName = keyof typeof HidKeys;

/** Length of the raw IOHIDEvent keyboard event carried in SendHIDEventMessage.hidEventData. */
export const HID_EVENT_BYTES = 60;

// Offsets 0..7: timestamp (the device accepts any value; pyatv's constant is used).
const TIMESTAMP = [0x43, 0x89, 0x22, 0xcf, 0x08, 0x02, 0x00, 0x00];
// Offsets 8..42.
const MIDDLE = [
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
  0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];
// Offsets 49..59.
const TAIL = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00];

/** Builds the 60-byte keyboard event for a key going down (`pressed`) or up. */
export function encodeHidEvent(key: HidKey, pressed: boolean): Uint8Array {
  const out = new Uint8Array(HID_EVENT_BYTES);
  out.set(TIMESTAMP, 0);
  out.set(MIDDLE, 8);
  const view = new DataView(out.buffer);
  view.setUint16(43, key.usagePage);
  view.setUint16(45, key.usage);
  view.setUint16(47, pressed ? 1 : 0);
  out.set(TAIL, 49);
  return out;
}

/** A decoded keyboard event: what the device side reads from hidEventData. */
export interface HidEvent extends HidKey {
  readonly pressed: boolean;
}

/** Reads usage page, usage and pressed flag from a 60-byte keyboard event. */
export function decodeHidEvent(data: Uint8Array): HidEvent {
  if (data.length !== HID_EVENT_BYTES) {
    throw new MalformedMessageError(`HID event must be ${HID_EVENT_BYTES} bytes, got ${data.length}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { usagePage: view.getUint16(43), usage: view.getUint16(45), pressed: view.getUint16(47) !== 0 };
}

/** The name of a key, when it is one of {@link HidKeys}. */
export function hidKeyName(key: HidKey): HidKeyName | undefined {
  for (const [name, k] of Object.entries(HidKeys) as [HidKeyName, HidKey][]) {
    if (k.usagePage === key.usagePage && k.usage === key.usage) return name;
  }
  return undefined;
}
