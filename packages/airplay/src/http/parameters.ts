/** `text/parameters` bodies: one `name: value` per line (RTSP GET/SET_PARAMETER, AirPlay 1 /play). */
import { MalformedMessageError } from "./errors.js";

export const TEXT_PARAMETERS_CONTENT_TYPE = "text/parameters";

export function encodeTextParameters(values: Readonly<Record<string, string | number>>): Uint8Array {
  let text = "";
  for (const [name, value] of Object.entries(values)) {
    const v = String(value);
    if (!/^[^\r\n:]+$/.test(name) || /[\r\n]/.test(v))
      throw new TypeError(`invalid parameter ${JSON.stringify(name)}`);
    text += `${name}: ${v}\r\n`;
  }
  return new Uint8Array(Buffer.from(text, "utf8"));
}

/** Parses `name: value` lines (CRLF or LF); blank lines are skipped. At most `maxLines` lines. */
export function decodeTextParameters(body: Uint8Array, maxLines = 256): Map<string, string> {
  const out = new Map<string, string>();
  const lines = Buffer.from(body).toString("utf8").split(/\r?\n/);
  if (lines.length > maxLines + 1) throw new MalformedMessageError(`more than ${maxLines} parameter lines`);
  for (const line of lines) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new MalformedMessageError("malformed text/parameters line");
    out.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return out;
}
