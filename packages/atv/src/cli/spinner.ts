import type { OutputStream } from "./io.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Shows `text` with a spinner on `out` if it is a terminal; returns the function
 * that removes it. Does nothing (and writes nothing) when `out` is not a TTY.
 */
export function startSpinner(out: OutputStream, text: string, intervalMs = 80): () => void {
  if (out.isTTY !== true) return () => undefined;
  let frame = 0;
  const draw = (): void => {
    out.write(`\r${FRAMES[frame % FRAMES.length] ?? ""} ${text}`);
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    out.write("\r\x1b[K");
  };
}
