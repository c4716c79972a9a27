import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { parseXlConfig } from "../src/index.js";

/** A 1 MB config shaped like a real one: keys, multi-line lists, comments. */
function megabyteConfig(): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const block = [
      `# domain ${String(i)}`,
      `name${String(i)} = "web${String(i)}"`,
      `memory${String(i)} = ${String(512 + i)} # MiB`,
      `disk${String(i)} = [`,
      `    'phy:/dev/vg/web${String(i)},xvda,w',`,
      `    'format=raw, vdev=xvdb, access=ro, target=/srv/iso/rescue-${String(i)}.iso',`,
      `]`,
      `vif${String(i)} = [ "mac=00:16:3e:00:00:01,bridge=xenbr0,rate=10Mb/s" ]`,
    ];
    lines.push(...block);
    size += block.join("\n").length + 1;
  }
  return `${lines.join("\n")}\n`;
}

describe("memory", () => {
  it("parses a 1 MB config, values included, within 50 MB of heap", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const text = megabyteConfig();
    expect(text.length).toBeGreaterThanOrEqual(1_000_000);
    gc();
    const before = process.memoryUsage();
    const config = parseXlConfig(text);
    const values = config.values();
    const during = process.memoryUsage();
    gc();
    const after = process.memoryUsage();
    expect(Object.keys(values).length).toBeGreaterThan(15_000);
    // What the tree and the values keep alive, and how far the heap grew while building them.
    expect((after.heapUsed - before.heapUsed) / 1e6).toBeLessThan(50);
    expect((during.heapTotal - before.heapTotal) / 1e6).toBeLessThan(50);
    expect(config.render()).toBe(text);
  });
});
