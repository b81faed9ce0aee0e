/** `vitest bench`: OPACK encode/decode of typical Companion messages. */
import { bench, describe } from "vitest";
import { decodeOpack, encodeOpack } from "../src/codec/index.js";
import { appList, hidRequest, touchStart } from "./samples.js";

const hidBytes = encodeOpack(hidRequest);
const touchBytes = encodeOpack(touchStart);
const appBytes = encodeOpack(appList);

describe("OPACK", () => {
  bench(`encode _hidC request (${hidBytes.length} B)`, () => void encodeOpack(hidRequest));
  bench(`decode _hidC request (${hidBytes.length} B)`, () => void decodeOpack(hidBytes));
  bench(`encode _touchStart (${touchBytes.length} B)`, () => void encodeOpack(touchStart));
  bench(`encode 60-app list (${appBytes.length} B)`, () => void encodeOpack(appList));
  bench(`decode 60-app list (${appBytes.length} B)`, () => void decodeOpack(appBytes));
});
