#!/usr/bin/env node
// Writes docs/cli.md from the dom0kit CLI's command definitions (the built
// examples/host-tool). `pnpm docs:cli` builds first.
import { writeFile } from "node:fs/promises";
import { renderCliReference } from "../examples/host-tool/dist/index.js";

const target = new URL("../docs/cli.md", import.meta.url);
await writeFile(target, renderCliReference());
console.log(`wrote ${target.pathname}`);
