/**
 * Session cipher throughput. One benchmark operation moves 1 MiB of plaintext, so the reported
 * ops/s is MiB/s (encrypt + decrypt each counted separately).
 */
import { bench, describe } from "vitest";
import { deriveHapSessionKeys, deriveMrpSessionKeys, HapBlockCipher, MessageCipher } from "../src/index.js";

const MiB = 1 << 20;
const secret = new Uint8Array(32).fill(1);

for (const frame of [64, 1024]) {
  const count = MiB / frame;
  const payload = new Uint8Array(frame).fill(0x5a);

  describe(`MessageCipher (MRP), ${frame} B messages — ops/s = MiB/s`, () => {
    const tx = new MessageCipher(deriveMrpSessionKeys(secret, "client"));
    const sealed = Array.from({ length: count }, () => tx.encrypt(payload));
    bench("encrypt", () => {
      const c = new MessageCipher(deriveMrpSessionKeys(secret, "client"));
      for (let i = 0; i < count; i++) c.encrypt(payload);
    });
    bench("decrypt", () => {
      const c = new MessageCipher(deriveMrpSessionKeys(secret, "server"));
      for (const s of sealed) c.decrypt(s);
    });
  });

  describe(`HapBlockCipher, ${frame} B writes — ops/s = MiB/s`, () => {
    const tx = new HapBlockCipher(deriveHapSessionKeys(secret, "client"));
    const wire = Array.from({ length: count }, () => tx.encrypt(payload));
    bench("encrypt", () => {
      const c = new HapBlockCipher(deriveHapSessionKeys(secret, "client"));
      for (let i = 0; i < count; i++) c.encrypt(payload);
    });
    bench("decrypt (incremental)", () => {
      const c = new HapBlockCipher(deriveHapSessionKeys(secret, "server"));
      for (const w of wire) c.decrypt(w);
    });
  });
}
