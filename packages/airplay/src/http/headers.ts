/**
 * An ordered, case-insensitive header list. Order and spelling are kept as given so a decoded
 * message re-encodes byte for byte; lookups ignore case.
 */
export type HeaderInit = Headers | Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Header values: visible ASCII / Latin-1, space and tab; never CR, LF or other controls.
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

export function isHeaderValue(value: string): boolean {
  return VALUE.test(value);
}

export class Headers implements Iterable<[string, string]> {
  readonly #entries: [string, string][] = [];

  constructor(init?: HeaderInit) {
    if (init === undefined) return;
    const entries: Iterable<readonly [string, string]> =
      init instanceof Headers || Symbol.iterator in init
        ? (init as Iterable<readonly [string, string]>)
        : Object.entries(init as Record<string, string>);
    for (const [name, value] of entries) this.append(name, value);
  }

  /** Number of header lines. */
  get size(): number {
    return this.#entries.length;
  }

  /** The first value of `name` (case-insensitive), or undefined. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const [k, v] of this.#entries) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Adds a header line. TypeError on a name or value that would break the message framing. */
  append(name: string, value: string | number): this {
    const text = String(value);
    if (!isHeaderName(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (!isHeaderValue(text)) throw new TypeError(`invalid value for header ${name}`);
    this.#entries.push([name, text]);
    return this;
  }

  /** Replaces every line of `name` with one line (kept at the first one's position). */
  set(name: string, value: string | number): this {
    const lower = name.toLowerCase();
    const index = this.#entries.findIndex(([k]) => k.toLowerCase() === lower);
    if (index < 0) return this.append(name, value);
    const text = String(value);
    if (!isHeaderValue(text)) throw new TypeError(`invalid value for header ${name}`);
    this.#entries[index] = [this.#entries[index]?.[0] ?? name, text];
    for (let i = this.#entries.length - 1; i > index; i--) {
      if (this.#entries[i]?.[0].toLowerCase() === lower) this.#entries.splice(i, 1);
    }
    return this;
  }

  delete(name: string): this {
    const lower = name.toLowerCase();
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      if (this.#entries[i]?.[0].toLowerCase() === lower) this.#entries.splice(i, 1);
    }
    return this;
  }

  entries(): [string, string][] {
    return this.#entries.map(([k, v]) => [k, v]);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  toJSON(): [string, string][] {
    return this.entries();
  }
}
