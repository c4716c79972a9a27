import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { newSim, sh } from "./helpers/new-sim.js";

// What Xen's own libxlutil prints for a config it rejects or values it ignores, from a
// small C program linked against it, and what `xl create` on the simulator prints.
const needs = integrationPrerequisites({
  commands: ["gcc"],
  paths: ["/usr/include/libxlutil.h", "/work/shared/corpus/xl-disk-specs.jsonl"],
});
const SOURCE = "/etc/xen/t.cfg";

const HARNESS = `#include <stdio.h>
#include <string.h>
#include <libxl.h>
#include <libxlutil.h>
/* argv[1]: config text; argv[2..]: disk specs. libxlutil reports on stderr. */
int main(int argc, char **argv) {
  XLU_Config *config = xlu_cfg_init(stderr, "${SOURCE}");
  if (xlu_cfg_readdata(config, argv[1], strlen(argv[1]))) return 1;
  long value;
  xlu_cfg_get_long(config, "memory", &value, 0);
  xlu_cfg_get_long(config, "vcpus", &value, 0);
  for (int i = 2; i < argc; i++) {
    libxl_device_disk disk;
    libxl_device_disk_init(&disk);
    const char *spec = argv[i];
    xlu_disk_parse(config, 1, &spec, &disk);
  }
  return 0;
}
`;

describe.skipIf(needs.skip)("xl create's config messages against libxlutil 4.17", () => {
  let dir: string;
  let harness: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dom0kit-xlu-"));
    await writeFile(join(dir, "harness.c"), HARNESS);
    harness = join(dir, "harness");
    execFileSync("gcc", ["-o", harness, join(dir, "harness.c"), "-lxlutil", "-lxenlight"]);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What libxlutil writes on stderr reading `config` and parsing `disks` with it. */
  function libxlutilStderr(config: string, disks: readonly string[] = []): string {
    const result = execFileSync("sh", ["-c", '"$0" "$@" 2>&1 >/dev/null; true', harness, config, ...disks], {
      encoding: "utf8",
    });
    return result;
  }

  async function simulated(config: string): Promise<string> {
    const sim = await newSim();
    await sim.writeFile(SOURCE, config);
    const result = await sh(sim, ["xl", "create", SOURCE]);
    return result.stderr;
  }

  const quote = (spec: string): string => (spec.includes("'") ? JSON.stringify(spec) : `'${spec}'`);

  const rejectedSpecs = readFileSync("/work/shared/corpus/xl-disk-specs.jsonl", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { spec: string; oracle: { ok: boolean } })
    .filter((each) => !each.oracle.ok && !each.spec.includes('"'))
    .map((each) => each.spec);

  it.each([...rejectedSpecs, "phy:/dev/vg/a,xvda,w!", "format=bogus,vdev=xvda,target=/x", "/x"])(
    "disk spec %s",
    async (spec) => {
      const expected = libxlutilStderr('name = "t"\n', [spec]);
      expect(expected).toMatch(/config parsing error in disk specification/);
      expect(await simulated(`name = "t"\ndisk = [ ${quote(spec)} ]\n`)).toBe(
        `Parsing config from ${SOURCE}\n${expected}`,
      );
    },
  );

  it.each([
    ["a number that is not one", 'name = "t"\nmemory = "12x"\n'],
    ["+= on a number", 'name = "t"\nmemory = 256\nmemory += 2\n'],
    ["a list for a number", 'name = "t"\nvcpus = [ 1 ]\n'],
  ])("warns, as libxlutil does, about %s", async (_what, config) => {
    const expected = libxlutilStderr(config);
    expect(expected).toMatch(/warning/);
    expect(await simulated(config)).toContain(expected);
  });

  it.each([
    ["a bare word", "name = web1\n"],
    ["an empty list item", 'name = "t"\na = [1,,2]\n'],
    ["a negative number", 'name = "t"\nmemory = -1\n'],
    ["an upper-case key", 'name = "t"\nMaxmem = 1\n'],
    ["a shell variable", 'name = "t"\nkernel = $x\n'],
  ])("names the line and the token of %s", async (_what, config) => {
    const expected = libxlutilStderr(config);
    // libxlutil adds bison's detail ("unexpected IDENT, expecting …") and, for some lexical
    // errors, a hint that the file looks like Python; the simulator prints the first line up
    // to the kind of error.
    const [prefix] = /^.*config parsing error near .*?: (?:syntax|lexical) error/.exec(expected) ?? [""];
    expect(prefix).not.toBe("");
    expect(await simulated(config)).toBe(
      `Parsing config from ${SOURCE}\n${prefix}\nFailed to parse config: Invalid argument\n`,
    );
  });
});
