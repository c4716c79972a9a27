import { z } from "zod";
import type { BootEntry, BootModule } from "./boot-entry.js";
import { parseBootFile, type BootFile } from "./boot-file.js";
import { InvalidMenuInputError, UnsafeMenuTextError, type InputIssue } from "./errors.js";
import { parseGrubDevice, type GrubDevice } from "./grub-device.js";
import { isPythonSpace } from "./python-text.js";

const index = z.number().int().min(0);

/** `"(hd0,0)"` or `{ disk, partition? }`. */
export const deviceInputSchema = z.union(
  [z.string(), z.strictObject({ disk: index, partition: index.optional() })],
  {
    error: 'expected a device: "(hdN)", "(hdN,M)" or { disk, partition? }',
  },
);

/** `"/boot/x"`, `"(hd1)/boot/x"` or `{ device?, path }`. */
export const fileInputSchema = z.union(
  [z.string(), z.strictObject({ device: deviceInputSchema.optional(), path: z.string() })],
  { error: 'expected a file: "/boot/vmlinuz", "(hd0,0)/boot/vmlinuz" or { device?, path }' },
);

/** One string or a list of words. */
export const argsInputSchema = z.union([z.string(), z.array(z.string()).readonly()], {
  error: 'expected arguments: one string ("root=/dev/xvda1 ro") or a list of words',
});

const moduleInputSchema = z.union(
  [z.string(), z.strictObject({ file: fileInputSchema, args: argsInputSchema.optional() })],
  {
    error: 'expected a module: "/boot/x.gz args" or { file, args? }',
  },
);

/** The shape {@link defineBootEntry} accepts; strings stand for devices and files. */
export const bootEntryInputSchema = z.strictObject({
  title: z.string(),
  root: deviceInputSchema.optional(),
  kernel: fileInputSchema,
  args: argsInputSchema.optional(),
  initrd: fileInputSchema.optional(),
  modules: z.array(moduleInputSchema).readonly().optional(),
});

/** The shape {@link defineBootMenu} accepts. */
export const bootMenuInputSchema = z.strictObject({
  default: index.optional(),
  timeout: index.optional(),
  entries: z.array(bootEntryInputSchema).readonly(),
});

/**
 * A boot entry as people write it: devices as `"(hd0,0)"`, files as
 * `"/boot/vmlinuz"` or `"(hd1)/boot/x"`, arguments as one string or a list.
 */
export type BootEntryInput = z.input<typeof bootEntryInputSchema>;
/** A boot menu as people write it. `default` @default 0; `timeout` @default 5 */
export type BootMenuInput = z.input<typeof bootMenuInputSchema>;

/** A device as people write it. */
export type DeviceInput = z.infer<typeof deviceInputSchema>;
/** A file as people write it. */
export type FileInput = z.infer<typeof fileInputSchema>;

function inputIssue(path: string, message: string): InvalidMenuInputError {
  return new InvalidMenuInputError([{ path, message }]);
}

export function deviceFromInput(input: DeviceInput, path: string): GrubDevice {
  if (typeof input !== "string") {
    return input.partition === undefined
      ? { disk: input.disk }
      : { disk: input.disk, partition: input.partition };
  }
  const device = parseGrubDevice(input);
  if (device === undefined) {
    throw inputIssue(
      path,
      `"${input}" is not a GRUB device; write (hdN) for a whole disk or (hdN,M) for a partition`,
    );
  }
  return device;
}

export function fileFromInput(input: FileInput, path: string): BootFile {
  if (typeof input === "string") {
    const file = parseBootFile(input);
    if (file === undefined) {
      throw inputIssue(path, `"${input}" starts with a device that is not (hdN) or (hdN,M)`);
    }
    return file;
  }
  const path_ = input.path;
  return input.device === undefined
    ? { path: path_ }
    : { device: deviceFromInput(input.device, `${path}.device`), path: path_ };
}

export function argsFromInput(input: string | readonly string[] | undefined, path: string): string {
  if (input === undefined) return "";
  if (typeof input === "string") return input;
  input.forEach((word, i) => {
    if (word === "" || Array.from(word).some(isPythonSpace)) {
      throw new UnsafeMenuTextError(
        `${path}[${String(i)}]`,
        `${JSON.stringify(word)} is not one argument; each list item is one non-empty word without whitespace`,
      );
    }
  });
  return input.join(" ");
}

function moduleFromInput(input: z.infer<typeof moduleInputSchema>, path: string): BootModule {
  if (typeof input !== "string") {
    return {
      file: fileFromInput(input.file, `${path}.file`),
      args: argsFromInput(input.args, `${path}.args`),
    };
  }
  const space = input.indexOf(" ");
  const file = space === -1 ? input : input.slice(0, space);
  const args = space === -1 ? "" : input.slice(space + 1);
  return { file: fileFromInput(file, path), args };
}

export function entryFromInput(input: z.infer<typeof bootEntryInputSchema>, path: string): BootEntry {
  const entry: BootEntry = {
    title: input.title,
    kernel: fileFromInput(input.kernel, `${path}.kernel`),
    args: argsFromInput(input.args, `${path}.args`),
    modules: (input.modules ?? []).map((module, i) =>
      moduleFromInput(module, `${path}.modules[${String(i)}]`),
    ),
    ...(input.root === undefined ? {} : { root: deviceFromInput(input.root, `${path}.root`) }),
    ...(input.initrd === undefined ? {} : { initrd: fileFromInput(input.initrd, `${path}.initrd`) }),
  };
  return entry;
}

function formatZodPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${String(key)}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

export function parseWithSchema<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((zodIssue) => ({
    path: formatZodPath(zodIssue.path),
    message: zodIssue.message,
  }));
  throw new InvalidMenuInputError(issues, { cause: result.error });
}
