import fc from "fast-check";

// Hand-written-looking menus: the lines people actually write (and the ones
// pygrub chokes on), with comments, blank lines, odd whitespace and CRLF.
// Used to check our parser against pygrub's on text we did not render.

const space = fc.constantFrom(
  "",
  " ",
  "  ",
  "\t",
  " \t",
  "\u000b",
  "\u000c",
  "\u001f",
  "\u00a0",
  "\u3000",
  "\r",
);
const pad = (line: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(space, line, space).map(([before, text, after]) => `${before}${text}${after}`);

const comment = fc.constantFrom(
  "# a comment",
  "#",
  "## title fake",
  "#default=3",
  "   # indented",
  "#kernel /x",
);

const legacyGlobal = fc.constantFrom(
  "default=1",
  "default 0",
  "default\t2",
  "default = 1",
  "default saved",
  "default 1_0",
  "default +1",
  "default x",
  "default -1",
  "default 9",
  "default",
  "timeout=5",
  "timeout 10",
  "timeout",
  "hiddenmenu",
  "fallback 1",
  "password secret",
  "splashimage (hd0,0)/grub/splash.xpm.gz",
  "splashimage (hd0,0/grub/splash.xpm.gz",
  "color cyan/blue white/blue",
  "serial --unit=0 --speed=115200",
  "terminal --timeout=5 serial console",
  "unknownthing 1",
  "Default=2",
);

const legacyTitle = fc.constantFrom(
  "title Debian",
  "title\tTabbed title",
  "title=Equals title",
  "titleGlued",
  "title",
  "title   spaced   out  ",
  "title Ünïcödé 中文 😀",
  "title (hd0,0)/looks like a path",
  "title # not a comment",
);

const legacyEntryLine = fc.constantFrom(
  "root (hd0,0)",
  "root (hd1)",
  "root\t(hd0,1)",
  "root=(hd2,0)",
  "root (hd0,msdos1)",
  "root /dev/xvdb",
  "root (hd 0,1)",
  "rootnoverify (hd0,1)",
  "root (hd0,1,2)",
  "root LABEL=RESCUE",
  "root",
  "kernel /boot/vmlinuz",
  "kernel /boot/vmlinuz ro quiet",
  "kernel  /boot/vmlinuz   root=/dev/xvda1   ro  ",
  "kernel\t/boot/vmlinuz\troot=/dev/xvda1",
  "kernel /boot/vmlinuz\troot=/dev/xvda1 ro",
  "kernel=/boot/vmlinuz ro",
  "kernel (hd0,0)/boot/vmlinuz console=hvc0",
  "kernel (hd0,0/boot/vmlinuz",
  "kernel boot/vmlinuz",
  "kernel /boot/vmlinuz ro # comment",
  "kernel /boot/pv-grub-x86_64.gz (hd0,0)/boot/grub/menu.lst",
  "kernel",
  "initrd /boot/initrd.img",
  "initrd=(hd0,0)/boot/initrd.img",
  "initrd /a.img /b.img",
  "initrd (hd0/x",
  "module /boot/initrd-2.6-xen",
  "module /boot/vmlinuz-xen root=/dev/xvda1",
  "chainloader +1",
  "ro",
  "root=LABEL=PRGMRDISK1 ro",
  "default 0",
  "timeout 3",
  "savedefault",
  "boot",
);

function lines(parts: fc.Arbitrary<string>, max: number): fc.Arbitrary<string[]> {
  return fc.array(parts, { maxLength: max });
}

/** A GRUB legacy menu.lst as people write it, including lines pygrub rejects. */
export const oddMenuLst: fc.Arbitrary<string> = fc
  .record({
    globals: lines(fc.oneof(pad(legacyGlobal), pad(comment), fc.constant("")), 6),
    entries: fc.array(
      fc.record({
        title: pad(legacyTitle),
        body: lines(
          fc.oneof(
            { weight: 5, arbitrary: pad(legacyEntryLine) },
            { weight: 1, arbitrary: pad(comment) },
            {
              weight: 1,
              arbitrary: fc.constant(""),
            },
          ),
          6,
        ),
      }),
      { maxLength: 5 },
    ),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ globals, entries, crlf, finalNewline }) => {
    const all = [...globals, ...entries.flatMap((entry) => [entry.title, ...entry.body])];
    const eol = crlf ? "\r\n" : "\n";
    return all.join(eol) + (finalNewline ? eol : "");
  });

const grub2Top = fc.constantFrom(
  "set default=1",
  "set default=0",
  'set default="1"',
  "set default='2'",
  'set default="${saved_entry}"',
  'set default="${next_entry}"',
  'set default="Debian"',
  "set default=-1",
  "set timeout=5",
  "set timeout = 5",
  "set timeout_style=menu",
  "set root='hd0,msdos1'",
  "set a=b=c",
  "set lonely",
  "set",
  "insmod part_msdos",
  "load_env",
  "terminal_output console",
  "if [ -s $prefix/grubenv ]; then",
  "fi",
  "else",
  "export menuentry_id_option",
  'menuentry_id_option="--id"',
);

const grub2Title = fc.constantFrom(
  "menuentry 'Debian' {",
  'menuentry "Debian GNU/Linux" --class debian --class os {',
  "menuentry 'With id' $menuentry_id_option 'gnulinux-simple' {",
  "menuentry 'Rock 'n' roll' {",
  "menuentry 'Glued'{",
  "menuentry 'Mixed\" {",
  "menuentry '' {",
);

const grub2Body = fc.constantFrom(
  "linux /vmlinuz root=/dev/xvda1 ro",
  "linux\t/vmlinuz\troot=/dev/xvda1",
  "linux /vmlinuz\troot=/dev/xvda1 ro quiet",
  "linux16 /vmlinuz-16 ro",
  "linux (hd0,msdos1)/vmlinuz console=hvc0",
  "linux (hd0,gpt2)/vmlinuz",
  "linux (hd0,msdos1/vmlinuz",
  "linux vmlinuz",
  "linux",
  "initrd /initrd.img",
  "initrd16 /initrd16.img",
  "initrd /a.img /b.img",
  "set root='hd0,msdos1'",
  "set root=(hd1,gpt3)",
  "set root='hd0,msdos1",
  "set root=LABEL=x",
  "set gfxpayload=keep",
  "set gfxpayload=a=b",
  "insmod ext2",
  "search --no-floppy --fs-uuid --set=root 0e1b3c2a",
  "echo 'Loading Linux ...'",
  "load_video",
  "if [ x$grub_platform = xxen ]; then insmod xzio; fi",
  "fwsetup",
);

/** A GRUB 2 grub.cfg as people (and grub-mkconfig) write it, including what pygrub rejects. */
export const oddGrubCfg: fc.Arbitrary<string> = fc
  .record({
    top: lines(fc.oneof(pad(grub2Top), pad(comment), fc.constant("")), 6),
    blocks: fc.array(
      fc.oneof(
        {
          weight: 6,
          arbitrary: fc
            .record({
              title: pad(grub2Title),
              body: lines(
                fc.oneof({ weight: 5, arbitrary: pad(grub2Body) }, { weight: 1, arbitrary: pad(comment) }),
                5,
              ),
              close: pad(fc.constantFrom("}", "}", "}", "} # end", "")),
            })
            .map(({ title, body, close }) => [title, ...body, close]),
        },
        {
          weight: 1,
          arbitrary: fc.constant([
            "submenu 'Advanced' {",
            "menuentry 'Inner' {",
            "linux /inner ro",
            "}",
            "}",
          ]),
        },
        { weight: 1, arbitrary: fc.constant(["function load_video {", "  insmod vbe", "  set x=a=b", "}"]) },
        { weight: 1, arbitrary: pad(grub2Top).map((line) => [line]) },
      ),
      { maxLength: 5 },
    ),
    crlf: fc.boolean(),
  })
  .map(({ top, blocks, crlf }) => [...top, ...blocks.flat()].join(crlf ? "\r\n" : "\n") + "\n");
