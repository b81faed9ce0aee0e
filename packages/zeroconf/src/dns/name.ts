/**
 * Conversions between label lists and the escaped dotted form used for `DnsName`.
 * Inside a label, `.` is written `\.` and `\` is written `\\`; `\DDD` (decimal byte)
 * is also understood when parsing.
 */
import type { DnsName } from "./types.js";

export function escapeLabel(label: string): string {
  return label.replace(/[.\\]/g, (c) => `\\${c}`);
}

/** Joins raw labels into a `DnsName`, escaping dots and backslashes inside labels. */
export function joinLabels(labels: readonly string[]): DnsName {
  return labels.map(escapeLabel).join(".");
}

/**
 * Splits a `DnsName` into raw labels (escapes undone). A single trailing dot is
 * allowed; an empty name (or ".") is the root and gives no label. Empty labels are a
 * `RangeError`.
 */
export function splitLabels(name: DnsName): string[] {
  if (name === "" || name === ".") return [];
  if (!name.includes("\\")) {
    const parts = name.split(".");
    if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    if (parts.some((p) => p === "")) throw new RangeError(`empty label in DNS name ${JSON.stringify(name)}`);
    return parts;
  }
  const labels: string[] = [];
  let current = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    if (c === "\\") {
      const digits = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4));
      if (digits) {
        const code = Number(digits[0]);
        if (code > 255) throw new RangeError(`bad escape \\${digits[0]} in DNS name`);
        current += String.fromCharCode(code);
        i += 3;
      } else if (i + 1 < name.length) {
        current += name[i + 1] as string;
        i += 1;
      } else {
        throw new RangeError(`DNS name ends with a lone backslash: ${JSON.stringify(name)}`);
      }
    } else if (c === ".") {
      if (current === "") throw new RangeError(`empty label in DNS name ${JSON.stringify(name)}`);
      labels.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current !== "") labels.push(current);
  return labels;
}

const utf8 = new TextEncoder();

/**
 * Splits a `DnsName` into wire labels (bytes). Like `splitLabels`, except that a
 * `\DDD` escape is the raw byte DDD (the decoder writes bytes of labels that are not
 * valid UTF-8 that way), so every decoded name re-encodes to the same bytes.
 */
export function nameToWireLabels(name: DnsName): Uint8Array[] {
  if (!name.includes("\\")) return splitLabels(name).map((l) => utf8.encode(l));
  const labels: Uint8Array[] = [];
  let bytes: number[] = [];
  let text = "";
  const flushText = (): void => {
    if (text !== "") bytes.push(...utf8.encode(text));
    text = "";
  };
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    if (c === "\\") {
      const digits = /^[0-9]{3}/.exec(name.slice(i + 1, i + 4));
      if (digits) {
        const code = Number(digits[0]);
        if (code > 255) throw new RangeError(`bad escape \\${digits[0]} in DNS name`);
        flushText();
        bytes.push(code);
        i += 3;
      } else if (i + 1 < name.length) {
        text += name[i + 1] as string;
        i += 1;
      } else {
        throw new RangeError(`DNS name ends with a lone backslash: ${JSON.stringify(name)}`);
      }
    } else if (c === ".") {
      flushText();
      if (bytes.length === 0) throw new RangeError(`empty label in DNS name ${JSON.stringify(name)}`);
      labels.push(Uint8Array.from(bytes));
      bytes = [];
    } else {
      text += c;
    }
  }
  flushText();
  if (bytes.length > 0) labels.push(Uint8Array.from(bytes));
  return labels;
}

/** ASCII-only lower case (DNS compares names case-insensitively for ASCII only). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** A key for comparing names: escapes normalised, ASCII lower-cased. */
export function nameKey(name: DnsName): string {
  return asciiLower(name.includes("\\") ? joinLabels(splitLabels(name)) : name.replace(/\.$/, ""));
}

/** True if two names are equal under DNS rules. */
export function namesEqual(a: DnsName, b: DnsName): boolean {
  return a === b || nameKey(a) === nameKey(b);
}
