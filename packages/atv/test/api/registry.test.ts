/** The registry's static service-type table matches what each protocol module declares. */
import { describe, expect, it } from "vitest";
import { loadModule, serviceTypesOf, supportedProtocols } from "../../src/registry.js";

describe("serviceTypesOf", () => {
  it.each(supportedProtocols().map((p) => [p]))("protocol %s: the module's own serviceTypes", async (p) => {
    const module = await loadModule(p);
    expect(module?.serviceTypes).toEqual(serviceTypesOf[p]);
  });
});
