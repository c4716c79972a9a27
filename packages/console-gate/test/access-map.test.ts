import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { integrationPrerequisites } from "@dom0kit/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderAccessMap } from "../src/access-map.js";
import { parseConsoleGateConfig } from "../src/config.js";
import { AccessMapError } from "../src/errors.js";
import { loadAccessMap } from "../src/load-access-map.js";
import { ed25519Key } from "./support/public-keys.js";

const needs = integrationPrerequisites({ root: true });

const model = parseConsoleGateConfig({
  users: [
    { name: "alice", domains: ["vm1"], keys: [ed25519Key()] },
    { name: "bob", domains: ["vm2"], keys: [ed25519Key()] },
  ],
});

describe.skipIf(needs.skip)("loadAccessMap (as root, on real files)", () => {
  let accessDir: string;
  let map: string;

  beforeEach(async () => {
    const base = await mkdtemp(join(tmpdir(), "d0k-access-"));
    await chmod(base, 0o755);
    accessDir = join(base, "console");
    await mkdir(join(accessDir, "users"), { recursive: true, mode: 0o755 });
    map = join(accessDir, "users", "alice.json");
    await writeFile(map, renderAccessMap(model.users[0]!, model), { mode: 0o640 });
  });

  afterEach(async () => {
    await rm(join(accessDir, ".."), { recursive: true, force: true });
  });

  async function problem(): Promise<string> {
    const error = await loadAccessMap(accessDir, "alice").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AccessMapError);
    return (error as AccessMapError).message;
  }

  it("loads a map root wrote, under directories only root can change (sticky /tmp allowed)", async () => {
    const access = await loadAccessMap(accessDir, "alice");
    expect(access.domains.map((domain) => domain.name)).toEqual(["vm1"]);
  });

  it("refuses a map owned by someone else", async () => {
    await chown(map, 4242, 4242);
    expect(await problem()).toContain("is owned by uid 4242, not root");
  });

  it("refuses a map others may write", async () => {
    await chmod(map, 0o666);
    expect(await problem()).toContain("is writable by users other than root");
  });

  it("refuses a directory others may write, and one owned by someone else", async () => {
    await chmod(join(accessDir, "users"), 0o777);
    expect(await problem()).toMatch(/users: is writable by users other than root/);
    await chmod(join(accessDir, "users"), 0o755);
    await chown(accessDir, 4242, 0);
    expect(await problem()).toMatch(/console: the directory is owned by uid 4242, not root/);
  });

  it("refuses a symbolic link", async () => {
    await rm(map);
    const elsewhere = join(accessDir, "elsewhere.json");
    await writeFile(elsewhere, renderAccessMap(model.users[0]!, model), { mode: 0o640 });
    await symlink(elsewhere, map);
    expect(await problem()).toContain("cannot be opened (ELOOP)");
  });

  it("refuses a map written for another user", async () => {
    await writeFile(map, renderAccessMap(model.users[1]!, model));
    expect(await problem()).toContain("is for user bob, not alice");
  });

  it.each([
    ["not JSON", "{", "is not valid JSON"],
    [
      "a domain xl reads as an id",
      renderAccessMap(
        { ...model.users[0]!, domains: [{ name: "0", config: "/etc/xen/0.cfg", actions: ["console"] }] },
        model,
      ),
      "domains[0].name: 0 is all digits",
    ],
    [
      "a path with a space",
      renderAccessMap(model.users[0]!, { ...model, layout: { ...model.layout, xl: "/usr/sbin/xl -x" } }),
      "commands.xl",
    ],
  ])("refuses a map with %s", async (_what, text, expected) => {
    await writeFile(map, text);
    expect(await problem()).toContain(expected);
  });

  it("has no map for an account without console access", async () => {
    await expect(loadAccessMap(accessDir, "carol")).rejects.toThrow(
      /carol\.json: does not exist: this account has no console access/,
    );
  });
});
