import fc from "fast-check";
import type { BootEntry, BootFile, BootMenu, BootModule, GrubDevice, MenuFormat } from "../../src/index.js";

// Generators of menus the renderers must accept. They lean on the characters
// that trip pygrub up: "=", "#", "(", ")", "," inside values, multiple spaces,
// non-ASCII text, quotes (menu.lst only), words that look like directives.

const GRUB2_SPECIALS = new Set(["'", '"', "\\", "$", ";", "|", "&", "<", ">", "#", "*", "?", "{", "}", "`"]);

const printable = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
  },
  { weight: 3, arbitrary: fc.constantFrom(..."-_./:=,+@%^~!()[]#'\"\\$;|&<>*?{}`") },
  { weight: 1, arbitrary: fc.constantFrom("é", "ü", "ß", "Ж", "中", "😀", "\u00a0", "\u3000") },
);

function allowed(format: MenuFormat, kind: "title" | "word") {
  return (char: string): boolean => {
    if (format !== "grub.cfg") return true;
    if (kind === "title") return char !== "'" && char !== '"';
    return !GRUB2_SPECIALS.has(char);
  };
}

/** A word without whitespace (Python's or JavaScript's). */
function word(format: MenuFormat, maxLength = 12): fc.Arbitrary<string> {
  return fc
    .array(printable.filter(allowed(format, "word")), { minLength: 1, maxLength })
    .map((chars) => chars.join(""))
    .filter((text) => !/[\s\u001c-\u001f\u0085]/u.test(text));
}

export function titleArbitrary(format: MenuFormat): fc.Arbitrary<string> {
  const piece = fc.oneof(
    word(format).map((text) => text.replace(/[\u00a0\u3000]/gu, "x")),
    fc.constantFrom(
      "Debian GNU/Linux",
      "rescue-disk",
      "title",
      "kernel /x",
      "default=1",
      "CentOS (2.6.18)",
      "}",
      "{",
    ),
  );
  return fc
    .array(piece, { minLength: 1, maxLength: 4 })
    .map((pieces) => pieces.join(" "))
    .filter((title) => title.length > 0 && Array.from(title).every(allowed(format, "title")));
}

export function deviceArbitrary(): fc.Arbitrary<GrubDevice> {
  return fc.oneof(
    fc.record({ disk: fc.integer({ min: 0, max: 9 }) }),
    fc.record({ disk: fc.integer({ min: 0, max: 9 }), partition: fc.integer({ min: 0, max: 14 }) }),
  );
}

export function pathArbitrary(format: MenuFormat): fc.Arbitrary<string> {
  const segment = word(format, 10).filter((text) => !text.includes("/"));
  return fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`);
}

export function fileArbitrary(format: MenuFormat): fc.Arbitrary<BootFile> {
  return fc.oneof(
    { weight: 4, arbitrary: pathArbitrary(format).map((path) => ({ path })) },
    { weight: 1, arbitrary: fc.record({ device: deviceArbitrary(), path: pathArbitrary(format) }) },
  );
}

export function argsArbitrary(format: MenuFormat): fc.Arbitrary<string> {
  const token = fc.oneof(
    { weight: 3, arbitrary: word(format) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "ro",
        "quiet",
        "console=hvc0",
        "root=/dev/xvda1",
        "root=LABEL=RESCUE",
        "a=b=c",
        "(hd0,0)/boot/grub/menu.lst",
        "init=/bin/sh",
        "xencons=tty",
        "root=UUID=5d4c2e6e-1b1a-4e5c-9c3b-7f0e8f1a2b3c",
      ),
    },
  );
  const separator = fc.constantFrom(" ", " ", " ", "  ", "   ");
  return fc
    .array(fc.tuple(token, separator), { minLength: 0, maxLength: 6 })
    .map((parts) =>
      parts.map(([text, sep], i) => (i === parts.length - 1 ? text : `${text}${sep}`)).join(""),
    );
}

function moduleArbitrary(format: MenuFormat): fc.Arbitrary<BootModule> {
  return fc.record({ file: fileArbitrary(format), args: argsArbitrary(format) });
}

export function entryArbitrary(format: MenuFormat): fc.Arbitrary<BootEntry> {
  return fc
    .record(
      {
        title: titleArbitrary(format),
        root: deviceArbitrary(),
        kernel: fileArbitrary(format),
        args: argsArbitrary(format),
        initrd: fileArbitrary(format),
        modules:
          format === "grub.cfg" ? fc.constant([]) : fc.array(moduleArbitrary(format), { maxLength: 2 }),
      },
      { requiredKeys: ["title", "kernel", "args", "modules"] },
    )
    .map((entry) => entry as BootEntry);
}

export function menuArbitrary(format: MenuFormat): fc.Arbitrary<BootMenu> {
  return fc.array(entryArbitrary(format), { minLength: 1, maxLength: 6 }).chain((entries) =>
    fc.record({
      default: fc.integer({ min: 0, max: entries.length - 1 }),
      timeout: fc.integer({ min: 0, max: 120 }),
      entries: fc.constant(entries),
    }),
  );
}
