/** The web remote's files, kept as strings so the bundle needs no file lookups at run time. */
import { appCss, indexHtml } from "./page.js";
import { appJs } from "./script.js";

export const webAssets: Readonly<Record<string, { type: string; body: string }>> = {
  "/": { type: "text/html; charset=utf-8", body: indexHtml },
  "/app.js": { type: "text/javascript; charset=utf-8", body: appJs },
  "/app.css": { type: "text/css; charset=utf-8", body: appCss },
};
