import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The shared corpus of real files (see /work/shared/corpus/SOURCES.md). */
export const CORPUS_DIR = process.env.DOM0KIT_CORPUS ?? "/work/shared/corpus";

/** Every file under `dir` (recursively), sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** A corpus file's bytes. */
export function readCorpusFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** The lines of a JSON-lines corpus file, parsed. */
export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}
