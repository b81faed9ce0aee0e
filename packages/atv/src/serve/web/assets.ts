/** The web remote's files, kept as strings so the bundle needs no file lookups at run time. */
export const webAssets: Readonly<Record<string, { type: string; body: string }>> = {
  "/": { type: "text/html; charset=utf-8", body: "<!doctype html><title>atv</title>" },
};
