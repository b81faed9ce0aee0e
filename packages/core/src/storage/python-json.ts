/**
 * JSON text exactly as Python's `json.dumps(obj)` writes it with default arguments
 * (pyatv's FileStorage uses that call): separators `", "` and `": "`, `ensure_ascii`
 * (every character outside space..`~` escaped as lower-case `\uXXXX`, UTF-16 surrogate
 * pairs for characters beyond the BMP), keys in insertion order, one line.
 *
 * Limits: a number that was an integral float in Python (`1.0`) comes back from
 * `JSON.parse` as `1` and is written as `1`; Python would keep `1.0`. (No settings
 * field is a float; this only touches unknown keys.)
 */
import type { JsonValue } from "../settings/settings.js";

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/** Python's `repr(float)`: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16. */
function pythonFloat(value: number): string {
  const [mantissa = "0", exponentText = "0"] = value.toExponential().split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exponent = Number.parseInt(exponentText, 10);
  const sign = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fraction = digits.slice(exponent + 1);
    return `${sign}${intPart}.${fraction === "" ? "0" : fraction}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expSign = exponent < 0 ? "-" : "+";
  return `${sign}${head}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

function number(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as JSON`);
  // Integral values up to 1e16 are taken to be Python ints; beyond that, JS cannot hold
  // an int exactly anyway, and CPython writes floats of that size in exponent form.
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  return pythonFloat(value);
}

/** `json.dumps(value)` as CPython writes it. */
export function pythonJsonDumps(value: JsonValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return number(value);
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  const parts = Object.entries(value).map(([key, item]) => `${quote(key)}: ${pythonJsonDumps(item)}`);
  return `{${parts.join(", ")}}`;
}
