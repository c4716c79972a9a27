import fc from "fast-check";

const XL_BYTES = [..."az09_.=+[],;#\"' \t\n\\-x\r"].map((char) => char.charCodeAt(0));

/** Byte strings: fully random, or drawn mostly from the characters xl's lexer cares about. */
export const randomBytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 48 }),
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...XL_BYTES) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
      ),
      {
        maxLength: 64,
      },
    )
    .map((bytes) => Uint8Array.from(bytes)),
);
