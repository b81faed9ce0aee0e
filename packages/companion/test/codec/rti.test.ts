import { describe, expect, it } from "vitest";
import { unhex } from "@atv/test-utils";
import {
  MalformedFrameError,
  buildClearTextPayload,
  buildInsertTextPayload,
  buildTextInputState,
  readTextInputState,
  readTextOperation,
} from "../../src/codec/index.js";

const uuid = unhex("30313233343536373839616263646566");
/** `_tiD` of the `_tiStart` response in the pyatv capture (pyatv's fake device). */
const captured = unhex(
  "62706c6973743030d2010203085424746f7058246f626a65637473d2040506075b73657373696f6e555549445d646f63756d656e74537461746580018002a5090a0b0e1155246e756c6c4f101030313233343536373839616263646566d10c0d55646f6353748003d10f105f1012636f6e746578744265666f7265496e70757480045f101c46616b6520436f6d70616e696f6e204b6579626f6172642054657874080d121b202c3a3c3e444a5d6066686b808200000000000001010000000000000012000000000000000000000000000000a1",
);

describe("RTI archives", () => {
  it("reads the session UUID and text from the captured _tiD", () => {
    const state = readTextInputState(captured);
    expect(state.sessionUuid).toEqual(uuid);
    expect(state.text).toBe("Fake Companion Keyboard Text");
  });

  it("round-trips the device's _tiD", () => {
    expect(readTextInputState(buildTextInputState(uuid, "hello"))).toEqual({
      sessionUuid: uuid,
      text: "hello",
    });
  });

  it("builds clear and insert operations the device side can read", () => {
    expect(readTextOperation(buildClearTextPayload(uuid))).toEqual({ sessionUuid: uuid, assertText: "" });
    expect(readTextOperation(buildInsertTextPayload(uuid, "abc ü"))).toEqual({
      sessionUuid: uuid,
      insertText: "abc ü",
    });
  });

  it("rejects garbage with a typed error", () => {
    expect(() => readTextInputState(unhex("0011"))).toThrow(MalformedFrameError);
    expect(() => readTextInputState(captured.subarray(0, 60))).toThrow(MalformedFrameError);
    expect(() => readTextInputState(new Uint8Array(70_000))).toThrow(/exceeds/);
  });
});
