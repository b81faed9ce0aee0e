export * from "./errors.js";
export * from "./opack.js";
export * from "./frame.js";
export * from "./message.js";
