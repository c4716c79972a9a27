import { describe, expect, it } from "vitest";
import { parseXmConfig, safeParseXmConfig, XenXmConfigError } from "./index.js";

describe("parseXmConfig", () => {
  it("converts a typical legacy config, warning about each change", () => {
    const converted = parseXmConfig(
      [
        "# horatio, from the 2009 host",
        "KVER = '2.6.18-xen'",
        'kernel = "/boot/vmlinuz-" + KVER',
        "memory = 128 * 2",
        "vcpus = 2",
        "acpi = True",
        "cpu_cap = 50",
        'bootargs = "--kernel=/vmlinuz"',
        "builder = 'linux'",
        "disk = [ 'phy:/dev/denmark/horatio,xvda,w!',",
        "         'phy:/dev/denmark/rescue,xvde,r' ]",
        "vif = [ 'type=netfront,bridge=xenbr0', ]",
        'name = "horatio"',
        "",
      ].join("\n"),
      { file: "horatio.xm" },
    );
    expect(converted.text).toBe(
      [
        "# horatio, from the 2009 host",
        'kernel = "/boot/vmlinuz-2.6.18-xen"',
        "memory = 256",
        "vcpus = 2",
        "acpi = 1",
        "cap = 50",
        'bootloader_args = [ "--kernel=/vmlinuz" ]',
        'type = "pv"',
        'disk = [ "phy:/dev/denmark/horatio,xvda,w", "phy:/dev/denmark/rescue,xvde,r" ]',
        'vif = [ "bridge=xenbr0" ]',
        'name = "horatio"',
        "",
      ].join("\n"),
    );
    expect(converted.values.memory).toBe("256");
    expect(converted.warnings.map(({ line, key }) => `${String(line)}:${key}`)).toEqual([
      "2:KVER",
      "3:kernel",
      "4:memory",
      "6:acpi",
      "7:cpu_cap",
      "8:bootargs",
      "9:builder",
      "10:disk[0]",
      "12:vif[0]",
    ]);
    expect(converted.warnings.every((warning) => warning.file === "horatio.xm")).toBe(true);
  });

  it("reads Python 2 literals: octal, longs, triple quotes, raw strings, tuples", () => {
    const { values, warnings } = parseXmConfig(
      "maxmem = 0777\nmemory = 512L\nextra = '''a\nb'''\nroot = r'\\dev'\ncpus = (0, 2)\nhalf = 5 / 2\n",
    );
    expect(values).toEqual({
      maxmem: "0777",
      memory: "512",
      extra: "a\nb",
      root: "\\dev",
      cpus: ["0", "2"],
      half: "2",
    });
    expect(warnings.map((warning) => warning.key)).toEqual(["cpus", "half"]);
  });

  it("turns xm's vcpu_avail into vcpus and maxvcpus", () => {
    const { values } = parseXmConfig("vcpus = 4\nvcpu_avail = 3\n");
    expect(values).toEqual({ maxvcpus: "4", vcpus: "2" });
  });

  it("writes what xl cannot hold as strings, and drops None", () => {
    const { values, warnings } = parseXmConfig("a = -1\nb = 1.5\nc = None\nd = 2.0\n");
    expect(values).toEqual({ a: "-1", b: "1.5", d: "2" });
    expect(warnings).toHaveLength(4);
  });

  it.each([
    ["import os\n", "`import` is Python that dom0kit does not evaluate"],
    ["arch = os.uname()[4]\n", "attributes are not supported"],
    ["if 1:\n    a = 1\n", "`if` is Python that dom0kit does not evaluate"],
    ["a = b\n", "`b` is not defined"],
    ["a = 'x' + 1\n", "cannot apply `+` to str and int"],
    ["a = 1 / 0\n", "division by zero"],
    ["a = {'x': 1}\n", "dictionaries are not supported"],
    ["disk = ['foo']\n", "no vdev specified"],
    ["a = 'unterminated\n", "unterminated string"],
  ])("refuses %j", (text, message) => {
    expect(() => parseXmConfig(text)).toThrow(XenXmConfigError);
    const result = safeParseXmConfig(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].message).toContain(message);
  });

  it("reports every problem with its line", () => {
    const result = safeParseXmConfig("import os\nmemory = 512\nx = y\nname = f(1)\n");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.line)).toEqual([1, 3, 4]);
  });
});
