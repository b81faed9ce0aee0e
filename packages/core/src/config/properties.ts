/**
 * TXT properties with case-insensitive keys (mDNS TXT keys are case-insensitive).
 * Keeps the first spelling seen for display; lookups ignore case.
 */
export class CaseInsensitiveProperties implements Iterable<[string, string]> {
  readonly #values = new Map<string, { key: string; value: string }>();

  constructor(init?: Iterable<[string, string]> | Readonly<Record<string, string>>) {
    if (!init) return;
    const entries = Symbol.iterator in init ? init : Object.entries(init);
    for (const [k, v] of entries) this.set(k, v);
  }

  get(key: string): string | undefined {
    return this.#values.get(key.toLowerCase())?.value;
  }
  has(key: string): boolean {
    return this.#values.has(key.toLowerCase());
  }
  set(key: string, value: string): void {
    const existing = this.#values.get(key.toLowerCase());
    this.#values.set(key.toLowerCase(), { key: existing?.key ?? key, value });
  }
  delete(key: string): boolean {
    return this.#values.delete(key.toLowerCase());
  }
  get size(): number {
    return this.#values.size;
  }
  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const { key, value } of this.#values.values()) yield [key, value];
  }
  toObject(): Record<string, string> {
    return Object.fromEntries(this);
  }
  clone(): CaseInsensitiveProperties {
    return new CaseInsensitiveProperties(this);
  }
}
