import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Protocol } from "../../src/enums.js";
import { FileStorage } from "../../src/storage/index.js";
import { python, runPython } from "./python.js";
import { TestConfig, TestService } from "./target.js";

const PYATV_014 = fileURLToPath(new URL("../fixtures/pyatv-0.14-no-rp-id.conf", import.meta.url));

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atv-storage-interop-"));
  file = join(dir, "atv.conf");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedStorage(): Promise<FileStorage> {
  const storage = new FileStorage(file);
  await storage.load();
  return storage;
}

// pyatv itself cannot be installed here (no PyPI), so its load rules are checked with
// CPython: json.loads, the StorageModel shape (version 1, a list of devices), the known
// snake_case keys and value types of pyatv's settings models, exclude_defaults (no value
// equal to its default), and that json.dumps(json.loads(text)) + "\n" gives the same
// bytes, i.e. pyatv's FileStorage would hash it as unchanged and write it back identically.
const PYATV_RULES = String.raw`
import json, re, sys
path = sys.argv[1] if len(sys.argv) > 1 else None
text = sys.stdin.read()
assert text.endswith("\n") and "\n" not in text[:-1], "not one line + newline"
data = json.loads(text)
assert json.dumps(data) + "\n" == text, "not json.dumps spacing"
assert data["version"] == 1 and isinstance(data["devices"], list)
S, O, I = "str", "opt", "int"
MODEL = {
  "info": {"name": (S, "pyatv"), "mac": (S, "02:70:79:61:74:76"), "model": (S, "iPhone10,6"),
           "device_id": (S, "FF:70:79:61:74:76"), "rp_id": (O, None), "os_name": (S, "iPhone OS"),
           "os_build": (S, "18G82"), "os_version": (S, "14.7.1")},
  "protocols": {
    "airplay": {"identifier": (O, None), "credentials": (O, None), "password": (O, None),
                "mrp_tunnel": (("auto", "force", "disable"), "auto")},
    "companion": {"identifier": (O, None), "credentials": (O, None)},
    "dmap": {"identifier": (O, None), "credentials": (O, None)},
    "mrp": {"identifier": (O, None), "credentials": (O, None)},
    "raop": {"identifier": (O, None), "credentials": (O, None), "password": (O, None),
             "protocol_version": (("auto", "1", "2"), "auto"), "timing_port": (I, 0), "control_port": (I, 0)},
  },
}
def check(obj, model, where):
    assert isinstance(obj, dict) and obj, where + ": empty or not an object"
    for key, value in obj.items():
        assert key in model, where + ": unknown key " + key
        spec = model[key]
        if isinstance(spec, dict):
            check(value, spec, where + "." + key)
            continue
        kind, default = spec
        assert value != default, where + "." + key + ": default written"
        if kind == S: assert isinstance(value, str)
        elif kind == O: assert value is None or isinstance(value, str)
        elif kind == I: assert isinstance(value, int) and not isinstance(value, bool)
        else: assert value in kind
        if key == "mac": assert re.match(r"[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}", value)
for i, device in enumerate(data["devices"]):
    check(device, MODEL, "devices[%d]" % i)
print("ok")
`;

describe.skipIf(python === undefined)("files we write, read by pyatv's rules (CPython)", () => {
  it("accepts what atv writes", async () => {
    const storage = await loadedStorage();
    const config = new TestConfig()
      .add(new TestService(Protocol.MRP, "6D797FD3-3538-427E-A47B-A32FC6CF3A69", "a:b:c:d"))
      .add(new TestService(Protocol.AirPlay, "AA:BB:CC:DD:EE:FF", "e:f:0:1", "pässword"))
      .add(new TestService(Protocol.RAOP, "AABBCCDDEEFF"));
    const settings = await storage.getSettings(config);
    settings.info.name = "Wohnzimmer 📺";
    settings.info.mac = "aa:bb:cc:dd:ee:01";
    settings.protocols.raop.protocol_version = "1";
    settings.protocols.raop.control_port = 6001;
    settings.protocols.airplay.mrp_tunnel = "disable";
    await storage.getSettings(new TestConfig().add(new TestService(Protocol.DMAP, "ABCDEF0123456789")));
    await storage.save();
    expect(runPython(PYATV_RULES, await readFile(file, "utf8")).trim()).toBe("ok");
  });

  it("flags a file that breaks the rules (the check can fail)", () => {
    expect(() =>
      runPython(PYATV_RULES, '{"version": 1, "devices": [{"info": {"name": "pyatv"}}]}\n'),
    ).toThrow(/default written/);
    expect(() => runPython(PYATV_RULES, '{"version":1,"devices":[]}\n')).toThrow(/spacing/);
  });

  it("agrees with the hand-built older-pyatv fixture", async () => {
    // The fixture was written with CPython in pyatv's format, so the check must pass.
    const text = await readFile(PYATV_014, "utf8");
    expect(runPython(PYATV_RULES, text).trim()).toBe("ok");
  });
});
