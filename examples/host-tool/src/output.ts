import Table from "cli-table3";
import picocolors from "picocolors";
import type { CliIo } from "./io.js";

/** Colour functions; identity when colour is off. */
export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Colour only on a terminal, never when NO_COLOR is set (https://no-color.org)
 * or `--no-color` was given; FORCE_COLOR turns it on anyway.
 */
export function colorEnabled(io: CliIo, requested: boolean): boolean {
  if (!requested) return false;
  if ((io.env.NO_COLOR ?? "") !== "") return false;
  if ((io.env.FORCE_COLOR ?? "") !== "" && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true && io.env.TERM !== "dumb";
}

/** A column of a table: its heading and how to align it. */
export interface Column {
  readonly heading: string;
  readonly align?: "left" | "right";
}

/** What a command prints: lines, aligned tables, JSON, errors with hints. */
export class Output {
  readonly colors: Colors;
  readonly #io: CliIo;

  constructor(io: CliIo, color: boolean) {
    this.#io = io;
    this.colors = picocolors.createColors(color);
  }

  /** Writes one line to stdout. */
  line(text = ""): void {
    this.#io.stdout.write(`${text}\n`);
  }

  /** Writes a value as pretty JSON to stdout. */
  json(value: unknown): void {
    this.#io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Writes an aligned table without borders: a heading row, then one row per item. */
  table(columns: readonly Column[], rows: readonly (readonly (string | number)[])[]): void {
    const table = new Table({
      head: columns.map((column) => this.colors.bold(column.heading)),
      colAligns: columns.map((column) => column.align ?? "left"),
      chars: {
        top: "",
        "top-mid": "",
        "top-left": "",
        "top-right": "",
        bottom: "",
        "bottom-mid": "",
        "bottom-left": "",
        "bottom-right": "",
        left: "",
        "left-mid": "",
        mid: "",
        "mid-mid": "",
        right: "",
        "right-mid": "",
        middle: "  ",
      },
      style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
    });
    table.push(...rows.map((row) => row.map(String)));
    for (const line of table.toString().split("\n")) this.line(line.trimEnd());
  }

  /** Writes a heading line. */
  heading(text: string): void {
    this.line(this.colors.bold(text));
  }

  /** Writes a message to stderr. */
  note(text: string): void {
    this.#io.stderr.write(`${text}\n`);
  }

  /** Writes an error as `dom0kit: REASON` plus `hint: …` lines on stderr. */
  error(reason: string, hint?: string): void {
    const [first = "", ...rest] = reason.split("\n");
    const lines = [`${this.colors.red("dom0kit:")} ${first}`, ...rest.map((line) => `  ${line}`)];
    if (hint !== undefined) lines.push(`${this.colors.dim("hint:")} ${hint}`);
    this.#io.stderr.write(`${lines.join("\n")}\n`);
  }
}
