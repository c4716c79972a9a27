import { expectReadmeShows } from "@dom0kit/test-support";
import { expect, it, vi } from "vitest";

it("runs the README's example", async () => {
  await expectReadmeShows("../README.md", "../examples/plan-shaping.ts", import.meta.url);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await import("../examples/plan-shaping.js");
  const lines = log.mock.calls.map((call) => String(call[0]));
  log.mockRestore();
  expect(lines).toEqual([
    "qdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0",
    "tc + nft",
    "domains[0].out.rate: TC_BAD_UNIT",
  ]);
});
