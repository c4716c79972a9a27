import fc from "fast-check";

/** Pieces of xl disk specs: positional values, keyed parameters, legacy prefixes and odd characters. */
const path = fc.constantFrom(
  "/dev/vg/web1",
  "/var/lib/xen/a.img",
  "/root/x.iso",
  "",
  "iqn.2001-05.com.x:0-8a09",
  "app01",
  "/dev/x y",
  "//var/x.img",
  "a:b",
);
const formatValue = fc.constantFrom("raw", "qcow", "qcow2", "vhd", "empty", "qed", "", "RAW", "iso");
const vdevValue = fc.constantFrom(
  "xvda",
  "hda",
  "hdc",
  "sdb",
  "xvda1",
  "hdc:cdrom",
  "hdc:disk",
  "hdc:floppy",
  "ioemu:hda",
  "",
  "xvd a",
);
const accessValue = fc.constantFrom("w", "r", "rw", "ro", "", "w!", "W", "rw,");

const positional = fc.oneof(
  path,
  formatValue,
  vdevValue,
  accessValue,
  fc.constantFrom("cdrom", "devtype=cdrom", "discard"),
);

const keyed = fc.oneof(
  path.map((p) => `target=${p}`),
  formatValue.map((f) => `format=${f}`),
  vdevValue.map((v) => `vdev=${v}`),
  accessValue.map((a) => `access=${a}`),
  fc.constantFrom("cdrom", "disk").map((d) => `devtype=${d}`),
  fc.constantFrom("devtype=floppy", "devtype="),
  fc.constantFrom("phy", "tap", "qdisk", "standalone", "xyz", "").map((b) => `backendtype=${b}`),
  fc.constantFrom("dom1", "", "driver-dom").map((b) => `backend=${b}`),
  fc.constantFrom("block-iscsi", "", "vif-bridge").map((s) => `script=${s}`),
  fc.constantFrom("xen", "virtio", "foo").map((s) => `specification=${s}`),
  fc.constantFrom(
    "direct-io-safe",
    "discard",
    "no-discard",
    "colo",
    "no-colo",
    "trusted",
    "untrusted",
    "grant_usage=1",
  ),
  fc.constantFrom(
    "colo-host=h",
    "colo-port=7",
    "colo-port=abc",
    "colo-port=0",
    "colo-export=e",
    "active-disk=a",
    "hidden-disk=h",
  ),
  fc.constantFrom("foo=bar", "foo=", "x=y,", "Format=raw", "=", "==", "vdev=xvda=x"),
);

const prefixChain = fc
  .array(
    fc.constantFrom(
      "phy:",
      "file:",
      "tap:",
      "tap2:",
      "aio:",
      "tapdisk:",
      "ioemu:",
      "raw:",
      "qcow:",
      "qcow2:",
      "vhd:",
      "iscsi:",
      "nbd:",
      "enbd:",
      "drbd:",
      "foo:",
      "Phy:",
      "a1:",
    ),
    {
      maxLength: 2,
    },
  )
  .map((parts) => parts.join(""));

const separator = fc.oneof(
  { weight: 20, arbitrary: fc.constant(",") },
  { weight: 4, arbitrary: fc.constantFrom(", ", " ,", ",  ", ",\t") },
  { weight: 1, arbitrary: fc.constantFrom(" ", ",,", "\n", ",\n", "@", ";") },
);

const goodPath = fc.constantFrom("/dev/vg/web1", "/var/lib/xen/a.img", "/root/x.iso", "/dev/x y", "app01");
const goodVdev = fc.constantFrom("xvda", "hda", "hdc", "sdb", "xvda1", "hdc:cdrom", "hdc:disk");
const goodAccess = fc.constantFrom("w", "r", "rw", "ro", "");
const goodFormat = fc.constantFrom("raw", "qcow", "qcow2", "vhd", "qed", "");
const goodSep = fc.constantFrom(",", ",", ",", ", ");

/** Well-formed specs in the shapes admins write (xl still rejects a few, e.g. `hdc:disk` after a format). */
const wellFormed = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        "phy:",
        "file:",
        "tap:aio:",
        "tap:qcow2:",
        "qcow2:",
        "raw:",
        "iscsi:",
        "drbd:",
        "file://",
        "tap2:tapdisk:aio:",
      ),
      goodPath,
      goodVdev,
      fc.option(goodAccess),
      goodSep,
    )
    .map(
      ([prefix, target, vdev, access, sep]) =>
        `${prefix}${target}${sep}${vdev}${access === null ? "" : sep + access}`,
    ),
  fc
    .tuple(
      goodPath,
      goodFormat,
      goodVdev,
      fc.option(goodAccess),
      goodSep,
      fc.option(fc.constantFrom("devtype=cdrom", "cdrom", "backendtype=qdisk", "discard"), {
        nil: undefined,
      }),
    )
    .map(([target, format, vdev, access, sep, extra]) =>
      [
        target,
        format,
        vdev,
        ...(access === null ? [] : [access]),
        ...(extra === undefined ? [] : [extra]),
      ].join(sep),
    ),
  fc
    .tuple(
      fc.subarray([
        "format=raw",
        "format=qcow2",
        "access=ro",
        "access=rw",
        "devtype=cdrom",
        "backendtype=phy",
        "backendtype=qdisk",
        "script=block-drbd",
        "specification=virtio",
        "backend=dom1",
        "discard",
        "no-discard",
        "direct-io-safe",
        "colo-port=9",
        "colo",
      ]),
      goodVdev,
      fc.option(goodPath),
      goodSep,
    )
    .map(([params, vdev, target, sep]) =>
      [...params, `vdev=${vdev}`, ...(target === null ? [] : [`target=${target}`])].join(sep),
    ),
);

/** Disk specs, mostly well formed, in positional, keyed and mixed forms. */
export const diskSpecArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: wellFormed, weight: 4 },
  fc
    .tuple(
      prefixChain,
      path,
      fc.array(positional, { maxLength: 4 }),
      fc.array(separator, { minLength: 6, maxLength: 6 }),
    )
    .map(([prefix, target, rest, seps]) =>
      [prefix + target, ...rest].map((part, i) => (i === 0 ? part : (seps[i] ?? ",") + part)).join(""),
    ),
  fc
    .tuple(
      fc.array(keyed, { maxLength: 5 }),
      fc.array(separator, { minLength: 6, maxLength: 6 }),
      fc.boolean(),
      path,
    )
    .map(([params, seps, withTarget, target]) =>
      [...params, ...(withTarget ? [`target=${target}`] : [])]
        .map((part, i) => (i === 0 ? part : (seps[i] ?? ",") + part))
        .join(""),
    ),
  fc
    .tuple(
      fc.array(fc.oneof(keyed, positional), { maxLength: 5 }),
      fc.array(separator, { minLength: 6, maxLength: 6 }),
      fc.constantFrom("", " ", ",", "\t"),
    )
    .map(
      ([parts, seps, lead]) =>
        lead + parts.map((part, i) => (i === 0 ? part : (seps[i] ?? ",") + part)).join(""),
    ),
);

/** vif rates, mostly well formed. */
export const vifRateArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.nat({ max: 5000 }).map(String),
        fc.constantFrom("0", "010", "08", "0789", "4294967295", "4294967296", "99999999999999999999"),
      ),
      fc.constantFrom("", "K", "M", "G", "k", "T"),
      fc.constantFrom("B", "b", "bit", "B"),
      fc.constantFrom("/s", "/s", "/m", "", "/S"),
      fc.option(
        fc.tuple(
          fc.oneof(
            fc.nat({ max: 5000 }).map(String),
            fc.constantFrom("0", "010", "0789", "4295", "4294967296"),
          ),
          fc.constantFrom("", "s", "ms", "us", "m", "u", "h", "sec"),
        ),
        { nil: undefined },
      ),
    )
    .map(
      ([n, unit, b, per, interval]) =>
        `${n}${unit}${b}${per}${interval ? `@${interval[0]}${interval[1]}` : ""}`,
    ),
  fc.constantFrom("", "@", "@10ms", "10Mb/s@", "10Mb/s@@1s", " 10Mb/s", "10Mb/s ", "+10Mb/s"),
);
