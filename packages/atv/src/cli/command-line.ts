/**
 * atvremote's command syntax: `name` or `name=arg1,arg2,…`. Arguments that look
 * like integers become numbers; a value wrapped in double quotes stays a string
 * (and may contain commas).
 */

export interface CommandArg {
  /** The text as typed, without surrounding quotes. */
  readonly text: string;
  /** A number when the text is an unquoted integer, else the text. */
  readonly value: number | string;
  readonly quoted: boolean;
}

export interface CommandLine {
  readonly name: string;
  readonly args: readonly CommandArg[];
  /** The whole token as typed. */
  readonly source: string;
}

export class CommandSyntaxError extends Error {
  override readonly name = "CommandSyntaxError";
}

const INTEGER = /^[+-]?\d+$/;

function toArg(part: string): CommandArg {
  const trimmed = part.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const text = trimmed.slice(1, -1);
    return { text, value: text, quoted: true };
  }
  if (INTEGER.test(trimmed)) {
    const n = Number.parseInt(trimmed, 10);
    if (Number.isSafeInteger(n)) return { text: part, value: n, quoted: false };
  }
  return { text: part, value: part, quoted: false };
}

/** Splits on commas that are not inside double quotes. */
function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (quoted) throw new CommandSyntaxError(`unterminated quote in "${text}"`);
  parts.push(current);
  return parts;
}

export function parseCommandLine(source: string): CommandLine {
  const eq = source.indexOf("=");
  const name = (eq < 0 ? source : source.slice(0, eq)).trim();
  if (name === "") throw new CommandSyntaxError(`missing command name in "${source}"`);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new CommandSyntaxError(`"${name}" is not a command name`);
  const args = eq < 0 ? [] : splitArgs(source.slice(eq + 1)).map(toArg);
  return { name, args, source };
}

/** Splits an interactive line into command tokens on whitespace outside double quotes. */
export function splitInteractiveLine(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (current !== "") tokens.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current !== "") tokens.push(current);
  return tokens;
}
