/** Property-list values as atv hands them around. */

/** Forces a number to be written as a plist `real` even when it is integral (e.g. `0.0`). */
export class PlistReal {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

export type PlistValue =
  string | number | bigint | boolean | Date | Uint8Array | PlistReal | PlistValue[] | PlistDict;

export interface PlistDict {
  [key: string]: PlistValue;
}

export function isPlistDict(value: unknown): value is PlistDict {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date) &&
    !(value instanceof PlistReal)
  );
}
