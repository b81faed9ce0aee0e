/** Splits `data` into pieces of `size` bytes (the last may be shorter): hostile TCP chunking for decoder tests. */
export function chunked(data: Uint8Array, size: number): Uint8Array[] {
  if (size < 1) throw new RangeError("size must be >= 1");
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

/** Every way to cut `data` in two: [data[0..i], data[i..]] for i in 0..length. */
export function* splits(data: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
  for (let i = 0; i <= data.length; i++) yield [data.subarray(0, i), data.subarray(i)];
}
