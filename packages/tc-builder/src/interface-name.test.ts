import { describe, expect, it } from "vitest";
import { interfaceNameProblem } from "./interface-name.js";

describe("interfaceNameProblem", () => {
  it.each(["vif1.0", "peth0", "eth0", "bond0.100", "vif-customer_1", "a".repeat(15)])(
    "accepts %j",
    (name) => {
      expect(interfaceNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["", /empty/u],
    ["a".repeat(16), /16 bytes; Linux allows at most 15/u],
    ["vifé".repeat(4), /bytes; Linux allows at most 15/u],
    ["vif/1", /"\/"/u],
    ["vif 1", /white space/u],
    ["vif\t1", /white space/u],
    ["vif:1", /":"/u],
    [".", /cannot be/u],
    ["..", /cannot be/u],
    ['vif"1', /tc batch and nft files/u],
    ["vif#1", /tc batch and nft files/u],
  ])("rejects %j", (name, why) => {
    expect(interfaceNameProblem(name)).toMatch(why);
  });
});
