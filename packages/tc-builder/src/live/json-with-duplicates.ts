/**
 * The values of a key that appears more than once in one JSON object.
 * iproute2 prints such objects: `tc -j filter show` writes one `"match"` key
 * per u32 key word (four for an IPv6 address), which `JSON.parse` would
 * collapse to the last one.
 * @example
 * ```ts
 * new RepeatedKey([{ off: 8 }, { off: 12 }]).values.length; // 2
 * ```
 */
export class RepeatedKey {
  constructor(readonly values: readonly unknown[]) {}
}

/**
 * Every value of `key` in `object`, in order, whether it appeared once, several times or not at all.
 * @example
 * ```ts
 * valuesOf({ match: new RepeatedKey([1, 2]) }, "match"); // [1, 2]
 * ```
 */
export function valuesOf(object: Readonly<Record<string, unknown>>, key: string): unknown[] {
  const value = object[key];
  if (value === undefined) return [];
  return value instanceof RepeatedKey ? [...value.values] : [value];
}

class Reader {
  index = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at offset ${String(this.index)}`);
  }

  space(): void {
    while (this.index < this.text.length && " \t\n\r".includes(this.text[this.index] ?? "")) this.index += 1;
  }

  expect(character: string): void {
    this.space();
    if (this.text[this.index] !== character) this.fail(`expected ${JSON.stringify(character)}`);
    this.index += 1;
  }

  value(): unknown {
    this.space();
    const character = this.text[this.index];
    if (character === "{") return this.object();
    if (character === "[") return this.array();
    if (character === '"') return this.string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/u.exec(
      this.text.slice(this.index, this.index + 64),
    );
    if (literal === null) this.fail("unexpected character");
    this.index += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  }

  string(): string {
    const start = this.index;
    this.index += 1;
    while (this.index < this.text.length) {
      const character = this.text[this.index];
      if (character === "\\") this.index += 2;
      else if (character === '"') {
        this.index += 1;
        return JSON.parse(this.text.slice(start, this.index)) as string;
      } else this.index += 1;
    }
    return this.fail("unterminated string");
  }

  array(): unknown[] {
    this.index += 1;
    const items: unknown[] = [];
    this.space();
    if (this.text[this.index] === "]") {
      this.index += 1;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const next = this.text[this.index];
      this.index += 1;
      if (next === "]") return items;
      if (next !== ",") this.fail('expected "," or "]"');
    }
  }

  object(): Record<string, unknown> {
    this.index += 1;
    const result: Record<string, unknown> = {};
    this.space();
    if (this.text[this.index] === "}") {
      this.index += 1;
      return result;
    }
    for (;;) {
      this.space();
      if (this.text[this.index] !== '"') this.fail("expected a key");
      const key = this.string();
      this.expect(":");
      const value = this.value();
      if (Object.hasOwn(result, key)) {
        const earlier = result[key];
        result[key] = new RepeatedKey(
          earlier instanceof RepeatedKey ? [...earlier.values, value] : [earlier, value],
        );
      } else result[key] = value;
      this.space();
      const next = this.text[this.index];
      this.index += 1;
      if (next === "}") return result;
      if (next !== ",") this.fail('expected "," or "}"');
    }
  }
}

/**
 * Reads one JSON value starting at `start` (after white space) and returns it
 * with the offset just past it — for output that holds several JSON values
 * one after another, as `tc -j -batch` prints.
 *
 * @throws SyntaxError when no JSON value starts there.
 * @example
 * ```ts
 * readJsonValueAt("[1]\n[2]\n", 3); // { value: [2], end: 8 }
 * ```
 */
export function readJsonValueAt(text: string, start: number): { value: unknown; end: number } {
  const reader = new Reader(text);
  reader.index = start;
  const value = reader.value();
  return { value, end: reader.index };
}

/**
 * Parses JSON like `JSON.parse`, except that a key repeated within one
 * object keeps every value, as a {@link RepeatedKey}.
 *
 * @throws SyntaxError when the text is not JSON.
 * @example
 * ```ts
 * const filter = parseJsonWithDuplicates('{"match":{"off":8},"match":{"off":12}}') as Record<string, unknown>;
 * valuesOf(filter, "match"); // [{ off: 8 }, { off: 12 }]
 * ```
 */
export function parseJsonWithDuplicates(text: string): unknown {
  const reader = new Reader(text);
  const value = reader.value();
  reader.space();
  if (reader.index !== text.length) reader.fail("unexpected text after the JSON value");
  return value;
}
