/** Typical Companion payloads: a request as pyatv sends it, and a 60-app list response. */
import { OpackFloat, requestMessage, responseMessage, type OpackObject } from "../src/codec/index.js";

export const hidRequest: OpackObject = requestMessage("_hidC", { _hBtS: 1, _hidC: 6 }, 15_000);
export const touchStart: OpackObject = requestMessage(
  "_touchStart",
  { _height: new OpackFloat(1000), _tFl: 0, _width: new OpackFloat(1000) },
  15_001,
);
export const appList: OpackObject = responseMessage(
  "FetchLaunchableApplicationsEvent",
  15_002,
  Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`com.example.app${i}`, `Example App ${i}`])),
);
