/** The heavy variant of reconnect-cycles.test.ts: 1000 stop/start cycles (run with ATV_SLOW=1). */
process.env["ATV_RECONNECT_CYCLES"] ??= "1000";
await import("./reconnect-cycles.test.js");
