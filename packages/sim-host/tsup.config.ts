import { packageBuild } from "../../tsup.shared.js";

// The library (dependencies external), and the `dom0kit-sim` executable that
// shims start once per command — one self-contained file, which starts about
// twice as fast as one resolving its dependencies. tsup itself is only
// imported when running from source (to build the executable for shims).
export default [
  packageBuild({ entry: ["src/index.ts"], external: ["tsup"] }),
  packageBuild({
    entry: ["src/cli.ts"],
    noExternal: [/^(?!tsup$)/],
    external: ["tsup"],
  }),
];
