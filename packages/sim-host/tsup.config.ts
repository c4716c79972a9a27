import { packageBuild } from "../../tsup.shared.js";

// The library and the `dom0kit-sim` executable that shims forward to. tsup is
// only imported when running from source (to build the executable for shims).
export default packageBuild({ entry: ["src/index.ts", "src/cli.ts"], external: ["tsup"] });
