/** Apps over Companion: `FetchLaunchableApplicationsEvent` and `_launchApp` (companion.md §7.8). */
import { App, ProtocolError, UserAccount, type Apps, type CallOptions, type UserAccounts } from "@atv/core";
import { opackEntries, opackText } from "../codec/opack.js";
import type { CompanionContext } from "../context.js";

/** pyatv's rule: a `scheme:` prefix makes it a URL (`_urlS`), otherwise a bundle id (`_bundleID`). */
export function isUrlOrScheme(text: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text);
}

/** A `{id: name}` response as `[id, name]` pairs; ProtocolError when it is not such a dictionary. */
function namedEntries(content: unknown, what: string): [string, string][] {
  const entries = opackEntries(content as never);
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new ProtocolError(`${what}: missing content in response`);
  }
  return entries.map(([id, name]) => [opackText(id), opackText(name)]);
}

export class CompanionApps implements Apps {
  readonly #ctx: CompanionContext;
  constructor(ctx: CompanionContext) {
    this.#ctx = ctx;
  }

  async appList(options: CallOptions = {}): Promise<App[]> {
    const content = await this.#ctx.client.request("FetchLaunchableApplicationsEvent", {}, options);
    return namedEntries(content, "app list").map(([id, name]) => new App(name, id));
  }

  async launchApp(bundleIdOrUrl: string, options: CallOptions = {}): Promise<void> {
    if (typeof bundleIdOrUrl !== "string" || bundleIdOrUrl.length === 0) {
      throw new TypeError("launchApp needs a bundle id or URL");
    }
    const key = isUrlOrScheme(bundleIdOrUrl) ? "_urlS" : "_bundleID";
    await this.#ctx.client.request("_launchApp", { [key]: bundleIdOrUrl }, options);
  }
}

export class CompanionUserAccounts implements UserAccounts {
  readonly #ctx: CompanionContext;
  constructor(ctx: CompanionContext) {
    this.#ctx = ctx;
  }

  async accountList(options: CallOptions = {}): Promise<UserAccount[]> {
    const content = await this.#ctx.client.request("FetchUserAccountsEvent", {}, options);
    return namedEntries(content, "account list").map(([id, name]) => new UserAccount(name, id));
  }

  async switchAccount(accountId: string, options: CallOptions = {}): Promise<void> {
    await this.#ctx.client.request("SwitchUserAccountEvent", { SwitchAccountID: accountId }, options);
  }
}
