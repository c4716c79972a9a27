import { describe, expect, it } from "vitest";
import { parseXlConfig, XenConfigEditError, XenConfigValueError, xlNumber } from "./index.js";

const WEB1 = `# web1 — customer 42
name = "web1"
memory = 512 # MiB
vcpus = 2
disk = [
    'phy:/dev/vg/web1,xvda,w',
    'phy:/dev/vg/web1-swap,xvdb,w', # swap
]
vif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0" ]
`;

describe("XlConfig reading", () => {
  it("gives values, keys and typed reads", () => {
    const config = parseXlConfig(WEB1);
    expect(config.keys()).toEqual(["name", "memory", "vcpus", "disk", "vif"]);
    expect(config.getString("name")).toBe("web1");
    expect(config.getNumber("memory")).toBe(512);
    expect(config.getList("vif")).toEqual(["mac=00:16:3e:00:00:01,bridge=xenbr0"]);
    expect(config.get("nothing")).toBeUndefined();
    expect(config.locate("vcpus")).toEqual({ line: 4, column: 1 });
  });

  it.each([
    ["memory = 0x200\n", 512n],
    ["memory = 010\n", 8n],
    ['memory = " 42"\n', 42n],
    ['memory = "-7"\n', -7n],
    ["memory = 9223372036854775807\n", 9223372036854775807n],
  ])("reads %j as a long like strtol(…, 0)", (text, expected) => {
    expect(parseXlConfig(text).getLong("memory")).toBe(expected);
  });

  it.each([
    ["memory = 08\n", "invalid"],
    ["memory = 12abc\n", "invalid"],
    ['memory = "512 "\n', "invalid"],
    ["memory = 9223372036854775808\n", "out-of-range"],
    ["memory += 512\n", "appended"],
    ["memory = [512]\n", "is-list"],
  ])("refuses %j as a number (%s)", (text, reason) => {
    const config = parseXlConfig(text);
    expect(() => config.getLong("memory")).toThrow(XenConfigValueError);
    try {
      config.getLong("memory");
    } catch (error) {
      expect((error as XenConfigValueError).reason).toBe(reason);
    }
  });
});

describe("XlConfig editing", () => {
  it("sets an existing value in place, keeping its comment", () => {
    expect(parseXlConfig(WEB1).set("memory", 1024).render()).toBe(
      WEB1.replace("memory = 512", "memory = 1024"),
    );
  });

  it("keeps a string's quote style", () => {
    expect(parseXlConfig("name = 'a'\n").set("name", "b").render()).toBe("name = 'b'\n");
  });

  it("turns a trailing += into = so the value is exactly what was set", () => {
    const config = parseXlConfig('extra = "a"\nextra += " b"\n').set("extra", "c");
    expect(config.render()).toBe('extra = "a"\nextra = "c"\n');
    expect(config.get("extra")).toBe("c");
  });

  it("adds a new key at the end, adding a missing final newline", () => {
    expect(parseXlConfig("a = 1").set("b", "x").render()).toBe('a = 1\nb = "x"\n');
    expect(parseXlConfig("").set("b", [1, "x"]).render()).toBe('b = [ 1, "x" ]\n');
  });

  it("adds before a stray last character, which xl ignores only at the very end", () => {
    const config = parseXlConfig("a = 1\n$").set("b", 2);
    expect(config.render()).toBe("a = 1\nb = 2\n$");
    expect(config.values()).toEqual({ a: "1", b: "2" });
  });

  it("writes numbers, literal numbers and escaped strings", () => {
    const config = parseXlConfig("")
      .set("memory", xlNumber("0x400"))
      .set("weird", 'say "hi"\n\\')
      .set("big", 2n ** 40n);
    expect(config.render()).toBe("memory = 0x400\nweird = 'say \"hi\"\\n\\\\'\nbig = 1099511627776\n");
    expect(config.get("weird")).toBe('say "hi"\n\\');
  });

  it("refuses values xl cannot hold", () => {
    const config = parseXlConfig("");
    expect(() => config.set("cap", -1)).toThrow(XenConfigEditError);
    expect(() => config.set("x", 1.5)).toThrow(XenConfigEditError);
    expect(() => config.set("Bad", 1)).toThrow(XenConfigEditError);
    expect(() => config.set("x", "nul\0")).toThrow(XenConfigEditError);
  });

  it("removes a key with its line and comment", () => {
    const removed = parseXlConfig(WEB1).remove("memory");
    expect(removed.render()).toBe(WEB1.replace("memory = 512 # MiB\n", ""));
    expect(removed.has("memory")).toBe(false);
  });

  it("removes every assignment of a key, also several on a line", () => {
    const text = "a = 1; b = 2\nb += 3\nc = 4 ; a = 5\n";
    expect(parseXlConfig(text).remove("a").render()).toBe("b = 2\nb += 3\nc = 4 ;\n");
  });

  it("appends to a one-per-line list in its layout", () => {
    const config = parseXlConfig(WEB1).append("disk", "phy:/dev/vg/web1-data,xvdc,w");
    expect(config.render()).toBe(WEB1.replace("# swap\n", "# swap\n    'phy:/dev/vg/web1-data,xvdc,w',\n"));
    const noComma = parseXlConfig("disk = [\n    'a',\n    'b' # last\n]\n").append("disk", "c");
    expect(noComma.render()).toBe("disk = [\n    'a',\n    'b', # last\n    'c'\n]\n");
  });

  it("appends to a one-line list and creates a missing one", () => {
    expect(parseXlConfig('vif = [ "a" ]\n').append("vif", "b").render()).toBe('vif = [ "a", "b" ]\n');
    expect(parseXlConfig('vif = ["a","b"]\n').append("vif", "c").render()).toBe('vif = ["a","b","c"]\n');
    expect(parseXlConfig("vif = []\n").append("vif", "a").render()).toBe('vif = [ "a" ]\n');
    expect(parseXlConfig("").append("vif", "a").render()).toBe('vif = [ "a" ]\n');
    expect(() => parseXlConfig('name = "x"\n').append("name", "y")).toThrow(XenConfigEditError);
  });

  it("inserts, replaces and removes elements, following += chains and nesting", () => {
    const config = parseXlConfig("cpus = [ 1, [2, 3] ]\ncpus += [ 4 ]\n");
    expect(config.insertItem("cpus", 0, 0).get("cpus")).toEqual(["0", "1", ["2", "3"], "4"]);
    expect(config.setItem("cpus", 2, 5).render()).toBe("cpus = [ 1, [2, 3] ]\ncpus += [ 5 ]\n");
    expect(config.setItem("cpus", [1, 0], "x").get("cpus")).toEqual(["1", ["x", "3"], "4"]);
    expect(config.removeItem("cpus", 0).render()).toBe("cpus = [ [2, 3] ]\ncpus += [ 4 ]\n");
    expect(config.removeItem("cpus", [1, 1]).get("cpus")).toEqual(["1", ["2"], "4"]);
    expect(config.removeItem("cpus", 2).render()).toBe("cpus = [ 1, [2, 3] ]\ncpus += [ ]\n");
    expect(() => config.setItem("cpus", 9, 1)).toThrow(XenConfigEditError);
    expect(() => config.setItem("cpus", [0, 0], 1)).toThrow(XenConfigEditError);
  });

  it("removes the line of an element in a one-per-line list", () => {
    const config = parseXlConfig(WEB1).removeItem("disk", 0);
    expect(config.render()).toBe(WEB1.replace("    'phy:/dev/vg/web1,xvda,w',\n", ""));
  });

  it("returns new configs and leaves the original alone", () => {
    const config = parseXlConfig(WEB1);
    config.set("memory", 1).remove("name").append("vif", "x");
    expect(config.render()).toBe(WEB1);
  });
});

describe("XlConfig.fmt", () => {
  it("normalises spacing, statements and quotes, keeping comments and values", () => {
    const text = "#top\n\n\n name='web1';memory=512 # MiB\ndisk=['a' ,'b',]\nextra+= 'x'\n$";
    const formatted = parseXlConfig(text).fmt();
    expect(formatted.render()).toBe(
      '#top\n\nname = "web1"\nmemory = 512 # MiB\ndisk = [ "a", "b" ]\nextra += "x"\n',
    );
    expect(formatted.values()).toEqual(parseXlConfig(text).values());
  });

  it("keeps quotes when asked and lays out one-per-line lists", () => {
    const formatted = parseXlConfig(WEB1).fmt({ quotes: "preserve" });
    expect(formatted.render()).toBe(WEB1);
  });

  it("breaks long lists over lines", () => {
    const long = `disk = [${Array.from({ length: 6 }, (_, i) => `"phy:/dev/vg/d${String(i)},xvd${String(i)},w"`).join(",")}]\n`;
    const lines = parseXlConfig(long).fmt().render().split("\n");
    expect(lines[0]).toBe("disk = [");
    expect(lines[1]).toBe('    "phy:/dev/vg/d0,xvd0,w",');
    expect(lines.at(-2)).toBe("]");
  });
});
