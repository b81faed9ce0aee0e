/**
 * The web remote in a real browser: Debian's Chromium (driven by playwright-core, never a
 * downloaded browser) opens `atv serve` against the simulator on a phone-sized viewport,
 * presses buttons, sees now playing change live over the event stream and saves a screenshot.
 * Skips when /usr/bin/chromium is absent (tools/bootstrap.mjs installs it for CI).
 */
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { api, startSetup, type Setup } from "./harness.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(`web remote browser test skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

let s: Setup;
let dir: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), "atv-web-remote-"));
  s = await startSetup({}, { pin: 3333, name: "Browser Room", keyboardText: "" });
  s.sim.mrp.useCases.musicPlaying({
    title: "Browser Song",
    artist: "The Testers",
    album: "Headless",
    totalTime: 240,
    position: 30,
  });
  s.sim.mrp.useCases.changeArtwork(PNG, "image/png", { width: 1, height: 1 });
  // Pair Companion through the API so the app launcher, keyboard and power work.
  expect((await api(s.server, "POST", `/api/devices/${s.id}/pair/companion`)).status).toBe(200);
  expect((await api(s.server, "POST", `/api/devices/${s.id}/pair/companion/pin`, { pin: 3333 })).status).toBe(
    200,
  );
  context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  if (!available) return;
  await context?.close();
  await s?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)("web remote in Chromium", () => {
  it("shows the device and now playing with artwork, live", { timeout: 60_000 }, async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(s.server.url);
    await page.locator("#title", { hasText: "Browser Song" }).waitFor();
    await expect(page.locator("#connection").getAttribute("data-state")).resolves.toBe("connected");
    expect(await page.locator("#device option").allTextContents()).toEqual(["Browser Room (127.0.0.1)"]);
    expect(await page.locator("#artist").textContent()).toBe("The Testers");
    expect(await page.locator("#total").textContent()).toBe("4:00");
    // Browser-side expressions are strings: this package is type-checked without the DOM library.
    await page.waitForFunction(
      "(() => { const img = document.getElementById('artwork'); return !img.hidden && img.complete && img.naturalWidth === 1; })()",
    );
    // A change on the device reaches the page over the WebSocket without a reload.
    await page.waitForFunction("document.body.getAttribute('data-events') === 'open'");
    s.sim.mrp.useCases.videoPlaying({ title: "Changed Live", totalTime: 596, position: 42 });
    await page.locator("#title", { hasText: "Changed Live" }).waitFor({ timeout: 5_000 });
    expect(await page.locator("#total").textContent()).toBe("9:56");
    expect(errors).toEqual([]);
  });

  it(
    "buttons drive the device: d-pad, menu, home, play/pause, volume, apps, keyboard, power",
    { timeout: 60_000 },
    async () => {
      const buttons = s.sim.mrp.state.buttons;
      const before = buttons.length;
      for (const name of ["Up", "Down", "Left", "Right", "Select"])
        await page.getByRole("button", { name, exact: true }).tap();
      await page.getByRole("button", { name: "Menu" }).tap();
      await page.getByRole("button", { name: "Home" }).tap();
      await until(() => buttons.length >= before + 7);
      expect(buttons.slice(before).map((b) => b.key)).toEqual([
        "up",
        "down",
        "left",
        "right",
        "select",
        "menu",
        "home",
      ]);

      // Play/pause toggles the device, and the state shown follows over the event stream.
      await page.getByRole("button", { name: "Play/Pause" }).tap();
      await page.locator("#state", { hasText: "paused" }).waitFor({ timeout: 5_000 });
      await page.getByRole("button", { name: "Play/Pause" }).tap();
      await page.locator("#state", { hasText: "playing" }).waitFor({ timeout: 5_000 });

      await page.getByRole("button", { name: "Volume up" }).tap();
      await page.locator("#volume-value", { hasText: "%" }).waitFor();
      await until(() => s.sim.mrp.state.volume > 0);

      // Apps: the list comes from Companion; launching one reaches the device.
      await page.waitForFunction("document.getElementById('apps').options.length > 1");
      const app = await page.locator("#apps option").nth(1).getAttribute("value");
      await page.locator("#apps").selectOption(app ?? "");
      await page.getByRole("button", { name: "Launch" }).tap();
      await until(() => s.sim.companion?.state.activeApp === app);

      await page.locator("#text").fill("hello tv");
      await page.getByRole("button", { name: "Send" }).tap();
      await until(() => s.sim.companion?.state.keyboard?.text === "hello tv");

      await page.getByRole("button", { name: "Off", exact: true }).tap();
      await page.locator("#power", { hasText: "off" }).waitFor({ timeout: 5_000 });
      await page.getByRole("button", { name: "On", exact: true }).tap();
      await page.locator("#power", { hasText: "on" }).waitFor({ timeout: 5_000 });
      expect(await page.locator("#error").textContent()).toBe("");

      s.sim.mrp.useCases.musicPlaying({
        title: "Never Gonna Give You Up",
        artist: "Rick Astley",
        album: "Whenever You Need Somebody",
        totalTime: 213,
        position: 12,
      });
      s.sim.mrp.useCases.changeArtwork(PNG, "image/png", { width: 1, height: 1 });
      await page.locator("#title", { hasText: "Never Gonna" }).waitFor();
      const shot = join(dir, "web-remote.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(10_000);
      const docs = process.env["ATV_UPDATE_SCREENSHOT"];
      if (docs) await copyFile(shot, docs);
    },
  );
});
