import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Option, type Command } from "commander";
import type { InventoryDomain } from "@dom0kit/inventory";
import {
  checkMenuBytes,
  formatMenuCheck,
  GrubMenuError,
  type BootLayout,
  type MenuFormat,
} from "@dom0kit/grub-menu";
import { DEFAULT_MENU_CHOICES, domainBootLayout, menuDomains, type MenuChoices } from "../boot-menus.js";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";

interface RenderOptions {
  readonly out?: string;
  readonly format: MenuFormat;
  readonly kernel: string;
  readonly initrd: string;
  readonly root?: string;
  readonly args: string;
}

interface RenderedDomain {
  readonly domain: InventoryDomain;
  readonly layout: BootLayout;
}

/** Where a layout's pieces go under `--out DIR`. */
function outputFiles(dir: string, rendered: RenderedDomain): { path: string; text: string }[] {
  const base = join(dir, rendered.domain.name);
  return [
    { path: join(base, "xl-boot.cfg"), text: rendered.layout.configText },
    ...rendered.layout.files.map((file) => ({
      path: join(base, file.disk, ...file.path.split("/")),
      text: file.text,
    })),
  ];
}

/** Writes `text` to `path` whole or not at all: a `.partial` file, fsync, rename. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const handle = await open(partial, "w", 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, path);
}

function printLayout(out: Output, rendered: RenderedDomain): void {
  const { domain, layout } = rendered;
  const arch = domain.boot.loader === "pv-grub" ? ` ${domain.boot.arch}` : "";
  out.heading(`# ${domain.name}: ${layout.loader}${arch}`);
  out.line(`## xl config fields (/etc/xen/${domain.name}.cfg)`);
  out.line(layout.configText.trimEnd());
  for (const file of layout.files) {
    out.line();
    out.line(`## ${file.disk}:${file.path} (${file.role})`);
    out.line(file.text.trimEnd());
  }
  for (const note of layout.notes) out.note(`note: ${domain.name}: ${note}`);
  out.line();
}

function layoutJson(rendered: RenderedDomain) {
  const { domain, layout } = rendered;
  return {
    domain: domain.name,
    loader: layout.loader,
    config: layout.config,
    configText: layout.configText,
    files: layout.files.map(({ role, disk, path, format, text }) => ({ role, disk, path, format, text })),
    notes: layout.notes,
  };
}

async function render(
  context: CliContext,
  command: Command,
  name: string | undefined,
  options: RenderOptions,
) {
  const inventory = await context.inventory(command);
  const candidates = menuDomains(inventory);
  let domains = candidates;
  if (name !== undefined) {
    const domain = inventory.domains.find((each) => each.name === name);
    if (domain === undefined) {
      throw new CliError(
        `no domain named ${name} in the inventory`,
        `domains with boot menus: ${candidates.map((each) => each.name).join(", ") || "none"}`,
      );
    }
    if (domain.boot.loader === "kernel") {
      throw new CliError(
        `domain ${name} boots a kernel from dom0 (boot.loader: kernel), so it has no boot menu`,
        "set boot.loader to pygrub or pv-grub to give the customer a menu",
      );
    }
    domains = [domain];
  }
  const choices: MenuChoices = {
    ...DEFAULT_MENU_CHOICES,
    kernel: options.kernel,
    initrd: options.initrd,
    args: options.args,
    format: options.format,
    ...(options.root === undefined ? {} : { root: options.root }),
  };
  // Every layout is built (and checked) before anything is written.
  const rendered = domains.map((domain) => {
    try {
      return { domain, layout: domainBootLayout(inventory, domain, choices) };
    } catch (error) {
      if (error instanceof GrubMenuError) {
        throw new CliError(
          `domain ${domain.name}: ${error.message}`,
          "fix the inventory or the menu options",
          {
            code: error.code,
            cause: error,
          },
        );
      }
      throw error;
    }
  });
  const out = context.output(command);
  if (options.out !== undefined) {
    const dir = context.resolvePath(options.out);
    const files = rendered.flatMap((each) => outputFiles(dir, each));
    for (const file of files) await writeAtomically(file.path, file.text);
    if (context.options(command).json) {
      out.json({ written: files.map((file) => file.path), domains: rendered.map(layoutJson) });
    } else {
      for (const file of files) out.line(`wrote ${file.path}`);
      for (const each of rendered)
        for (const note of each.layout.notes) out.note(`note: ${each.domain.name}: ${note}`);
    }
    return;
  }
  if (context.options(command).json) {
    out.json({ domains: rendered.map(layoutJson) });
    return;
  }
  for (const each of rendered) printLayout(out, each);
}

async function check(context: CliContext, command: Command, file: string, options: { format?: MenuFormat }) {
  const path = context.resolvePath(file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as Error).message}`,
      "give the path of a menu.lst or grub.cfg",
      {
        cause: error,
      },
    );
  }
  const report = checkMenuBytes(bytes, {
    file,
    ...(options.format === undefined ? {} : { format: options.format }),
  });
  const out = context.output(command);
  if (context.options(command).json) out.json(report);
  else out.line(formatMenuCheck(report).trimEnd());
  if (!report.ok) {
    throw new CliError(
      report.error === undefined
        ? `pygrub cannot boot the default entry of ${file}`
        : `pygrub cannot read ${file}`,
      report.error === undefined ? "give the default entry a kernel line" : "fix the line shown above",
      { code: report.error?.code ?? "GRUB_MENU_NOT_BOOTABLE" },
    );
  }
}

function formatOption(): Option {
  return new Option("--format <format>", "menu.lst (GRUB legacy) or grub.cfg (GRUB 2)").choices([
    "menu.lst",
    "grub.cfg",
  ]);
}

/** `dom0kit menu render|check`: boot menus that always leave a way to boot. */
export function registerMenuCommands(program: Command, context: CliContext): void {
  const menu = program
    .command("menu")
    .description("PyGRUB and PV-GRUB boot menus with a read-only rescue entry");

  menu
    .command("render")
    .description("write each domain's boot menus and the xl config fields that load them")
    .argument("[domain]", "one domain (default: every domain booted by pygrub or pv-grub)")
    .option(
      "-o, --out <dir>",
      "write DIR/DOMAIN/xl-boot.cfg and DIR/DOMAIN/VDEV/boot/grub/… instead of printing",
    )
    .addOption(formatOption().default("menu.lst"))
    .option("--kernel <path>", "the distro kernel inside the guest", DEFAULT_MENU_CHOICES.kernel)
    .option("--initrd <path>", 'its initrd ("" for none)', DEFAULT_MENU_CHOICES.initrd)
    .option(
      "--root <device>",
      "the guest's root filesystem (default: its data disk, else the boot disk's partition 1)",
    )
    .option("--args <args>", "more kernel arguments, after root=… ro", DEFAULT_MENU_CHOICES.args)
    .addHelpText(
      "after",
      "\nPyGRUB domains get a menu on their first disk with the distro kernel and a rescue-disk entry that\n" +
        "boots the read-only rescue image by its label. PV-GRUB domains get a rescue menu on the rescue\n" +
        "disk, whose first entry chain-loads PV-GRUB on the customer's own (hd0,0)/boot/grub/menu.lst.\n" +
        "The rescue disk is host.boot.rescueDisk, attached read-only after the domain's disks.\n\n" +
        "Examples:\n  dom0kit menu render horatio -i dom0kit.yaml\n  dom0kit menu render --out /srv/menus\n  dom0kit --json menu render osric",
    )
    .action(async (name: string | undefined, options: RenderOptions, command: Command) => {
      await render(context, command, name, options);
    });

  menu
    .command("check")
    .description("show what each entry of a menu.lst or grub.cfg boots, as pygrub reads it")
    .argument("<file>", "the menu file")
    .addOption(formatOption())
    .addHelpText(
      "after",
      "\nPrints each entry's kernel, initrd and arguments exactly as pygrub passes them, marks the default,\n" +
        "and warns about lines pygrub reads differently than they look. Exit status: 0 pygrub boots the\n" +
        "default entry, 1 it cannot (the reason is printed).\n\nExamples:\n  dom0kit menu check /mnt/vm1/boot/grub/menu.lst\n  dom0kit --json menu check grub.cfg",
    )
    .action(async (file: string, options: { format?: MenuFormat }, command: Command) => {
      await check(context, command, file, options);
    });
}
