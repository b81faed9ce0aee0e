export * from "./errors.js";
export * from "./opack.js";
export * from "./frame.js";
export * from "./message.js";
export * from "./pairing.js";
export * from "./rti.js";
export * from "./constants.js";
