import { chmod, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, normalize, sep } from "node:path";
import type { InstalledFile } from "../areas/area.js";
import { CliError } from "../cli-error.js";

/** DIR-relative place of an installed file; refuses paths that would leave DIR. */
function placeOf(path: string): string {
  const relative = normalize(path.replace(/^\/+/u, ""));
  if (relative === "." || relative.startsWith(`..${sep}`) || relative === "..") {
    throw new CliError(`cannot render ${JSON.stringify(path)}: it is not a path inside the output directory`);
  }
  return relative;
}

async function isAbsentOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

/**
 * Writes files into `dir` at their installed paths (absolute paths lose their
 * leading `/`), with their modes. Everything goes into a temporary sibling
 * directory first, renamed to `dir` at the end, so `dir` either holds every
 * file or does not exist. `dir` must not exist or be empty.
 *
 * @throws {@link CliError} when `dir` has files, or two files claim one path.
 * @example
 * ```ts
 * await renderInstalledFiles("/tmp/rendered", await configArea.files(inventory));
 * ```
 */
export async function renderInstalledFiles(dir: string, files: readonly InstalledFile[]): Promise<void> {
  if (!(await isAbsentOrEmpty(dir))) {
    throw new CliError(`${dir} is not empty`, "render into a new directory, or remove the old one first");
  }
  const places = new Map<string, string>();
  for (const file of files) {
    const place = placeOf(file.path);
    const other = places.get(place);
    if (other !== undefined)
      throw new CliError(`two files would be written to ${place}: ${other} and ${file.description}`);
    places.set(place, file.description);
  }
  await mkdir(dirname(dir), { recursive: true });
  const staging = await mkdtemp(join(dirname(dir), `.${basename(dir)}.partial-`));
  try {
    for (const file of files) {
      const target = join(staging, placeOf(file.path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.text, { mode: file.mode });
      await chmod(target, file.mode);
    }
    await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
