/**
 * A small C printf for checking output against format strings taken from the
 * real xl binary: %s %d %u %lu %x %c with flags `-`, widths and `.1f`.
 */
export function cPrintf(format: string, ...args: readonly (string | number)[]): string {
  let index = 0;
  return format.replace(
    /%(-?)(\d*)(?:\.(\d+))?(l?)([sdiucxf%])/g,
    (_all, minus: string, width: string, precision: string | undefined, _l: string, kind: string) => {
      if (kind === "%") return "%";
      const arg = args[index];
      index += 1;
      let text: string;
      switch (kind) {
        case "s":
        case "c":
          text = String(arg);
          break;
        case "x":
          text = Number(arg).toString(16);
          break;
        case "f":
          text = Math.fround(Number(arg)).toFixed(precision === undefined ? 6 : Number(precision));
          break;
        default:
          text = String(Math.trunc(Number(arg)));
      }
      const size = width === "" ? 0 : Number(width);
      return minus === "-" ? text.padEnd(size) : text.padStart(size);
    },
  );
}
