import type { Command } from "commander";
import { withAreaOptions, type AreaCommandOptions } from "../apply/area-options.js";
import { selectAreas } from "../areas/index.js";
import type { CliContext } from "../context.js";
import { renderInstalledFiles } from "../render/render-files.js";

/** `dom0kit render --out DIR`: every generated file, laid out as it would be installed. */
export function registerRenderCommand(program: Command, context: CliContext): void {
  withAreaOptions(program.command("render"))
    .description("write every file dom0kit generates into DIR, at the paths it would be installed")
    .requiredOption("--out <dir>", "a directory that does not exist yet, or is empty")
    .addHelpText(
      "after",
      "\nHost files keep their absolute path under DIR (DIR/etc/xen/horatio.cfg, DIR/etc/sudoers.d/…);\n" +
        "files inside a guest's disk go under DIR/guests/DOMAIN/VDEV/ (boot menus). Files are written\n" +
        "to a temporary directory beside DIR and renamed into place at the end: an interrupted\n" +
        "render leaves no DIR. Reads only the inventory.\n\n" +
        "Example:\n  dom0kit render -i dom0kit.yaml --out rendered && find rendered -type f",
    )
    .action(async (options: AreaCommandOptions & { out: string }, command: Command) => {
      const areas = selectAreas(options.only);
      const inventory = await context.inventory(command);
      const files = (await Promise.all(areas.map((area) => area.files(inventory)))).flat();
      const dir = context.resolvePath(options.out);
      await renderInstalledFiles(dir, files);
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({
          dir,
          files: files.map(({ path, mode, description }) => ({ path, mode: mode.toString(8), description })),
        });
        return;
      }
      out.table(
        [{ heading: "FILE" }, { heading: "MODE" }, { heading: "WHAT" }],
        files.map((file) => [file.path, file.mode.toString(8).padStart(4, "0"), file.description]),
      );
      out.line(`wrote ${String(files.length)} files into ${dir}`);
    });
}
