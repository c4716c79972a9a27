import { copyFileSync } from "node:fs";
import { packageBuild } from "../../tsup.shared.js";

export default packageBuild({
  entry: ["src/index.ts", "src/cli.ts"],
  // The demo's inventory ships inside the package, so `dom0kit demo` works from npm too.
  onSuccess: async () => {
    copyFileSync("../inventories/denmark.yaml", "dist/denmark.yaml");
  },
});
