import { packageBuild } from "../../tsup.shared.js";

// The library and the `dom0kit-sim` executable that shims forward to.
export default packageBuild({ entry: ["src/index.ts", "src/cli.ts"] });
