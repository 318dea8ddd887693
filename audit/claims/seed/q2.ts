/**
 * Question 2 of the seed document: the 4x4 matrix M convolved with the 2x2 kernel K
 * (stride 1, valid, no bias, linear activation), cell by cell; then two input channels
 * and two filters.
 *
 * @module
 */
import { conv2d, conv2dCell, convolve2d, convOutputSize } from "../../../mod.ts";
import { checkExact, showArray } from "../../check.ts";
import type { Claim } from "../../model.ts";

const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];
const K = [[0, 0], [1, 1]];

/** The output matrix as the document writes it. */
const O = [[1, 1, 1], [0, 1, 3], [0, 0, 1]];

/** The nine cells: the patch and the sum the document writes for each. */
const CELLS: { row: number; col: number; patch: number[][]; sum: number }[] = [
  { row: 0, col: 0, patch: [[1, 0], [0, 1]], sum: 1 },
  { row: 0, col: 1, patch: [[0, 0], [1, 0]], sum: 1 },
  { row: 0, col: 2, patch: [[0, 2], [0, 1]], sum: 1 },
  { row: 1, col: 0, patch: [[0, 1], [0, 0]], sum: 0 },
  { row: 1, col: 1, patch: [[1, 0], [0, 1]], sum: 1 },
  { row: 1, col: 2, patch: [[0, 1], [1, 2]], sum: 3 },
  { row: 2, col: 0, patch: [[0, 0], [0, 0]], sum: 0 },
  { row: 2, col: 1, patch: [[0, 1], [0, 0]], sum: 0 },
  { row: 2, col: 2, patch: [[1, 2], [0, 1]], sum: 1 },
];

/** A matrix in LaTeX, as the document typesets it: `\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}`. */
const bmatrix = (rows: number[][]) =>
  String.raw`\begin{bmatrix} ${
    rows.map((r) => r.join(" & ")).join(String.raw` \\ `)
  } \end{bmatrix}`;
const TEX_K = bmatrix(K);
const TEX_O = bmatrix(O);

const GIVEN = "M, K, stride 1, 'valid' padding, b = 0 and a linear activation, as listed";
const CROSS = "⊗ is the deep-learning convolution (cross-correlation: the kernel is not flipped)";
const FLIPPED = "true convolution (kernel turned 180°)";

const cellClaims: Claim[] = CELLS.flatMap(({ row, col, patch, sum }): Claim[] => {
  const name = `O${row}${col}`;
  return [
    {
      id: `2a.${name}.patch`,
      question: "2",
      topic: "convolution by hand",
      chapter: "convolution",
      statement:
        `Output cell ${name} reads the 2x2 window of M starting at row ${row}, column ${col}.`,
      stated: `${name}: ${showArray(patch)} ⊗ K`,
      statedTex: String.raw`O_{${row}${col}} = ${bmatrix(patch)} \otimes ${TEX_K}`,
      assumptions: [GIVEN],
      check: () =>
        checkExact(patch, conv2dCell(M, K, row, col).patch.toArray(), {
          what: `the window of M under K for ${name}`,
        }),
    },
    {
      id: `2a.${name}.sum`,
      question: "2",
      topic: "convolution by hand",
      chapter: "convolution",
      statement: `Output cell ${name} is ${sum}.`,
      stated: `${name} = ${sum}`,
      statedTex: `O_{${row}${col}} = ${sum}`,
      assumptions: [GIVEN, CROSS],
      check: () =>
        checkExact(sum, conv2dCell(M, K, row, col).sum, {
          what: `the sum of window × K for ${name}`,
          alternatives: [{ reading: FLIPPED, value: convolve2d(M, K).get(row, col) }],
        }),
    },
  ];
});

export const claims: Claim[] = [
  {
    id: "2a.size",
    question: "2",
    topic: "convolution output size",
    chapter: "shapes",
    statement: "A valid 2x2 convolution at stride 1 turns the 4x4 input into a 3x3 output.",
    stated: "((4 − 2)/1 + 1) × ((4 − 2)/1 + 1) × 1 = 3 × 3",
    statedTex: String
      .raw`\left(\frac{4-2}{1} + 1\right) \times \left(\frac{4-2}{1} + 1\right) \times 1 = 3 \times 3`,
    assumptions: [GIVEN],
    check: () => {
      // The shape formula decides; the convolution actually computed must have that shape
      // too, or the library is at fault (not the sheet).
      const size = convOutputSize(4, { kernel: 2, stride: 1 });
      const actual = conv2d(M, K).shape;
      if (actual.length !== 2 || actual.some((n) => n !== size)) {
        throw new Error(`conv2d(M, K) has shape ${actual.join(" × ")}, not ${size} × ${size}`);
      }
      return checkExact([3, 3], [size, size], {
        what: "the output size ⌊(4 − 2)/1⌋ + 1 per side",
        render: (v) => (v as number[]).join(" × "),
        agreeReason:
          `⌊(4 − 2)/1⌋ + 1 = ${size} per side, so the output is ${size} × ${size}, as stated (conv2d(M, K) returns a map of that shape)`,
      });
    },
  },
  ...cellClaims,
  {
    id: "2a.output",
    question: "2",
    topic: "convolution by hand",
    chapter: "convolution",
    statement: "The convolution of M with K is the 3x3 matrix [[1,1,1],[0,1,3],[0,0,1]].",
    stated: showArray(O),
    statedTex: `O = ${TEX_O}`,
    assumptions: [GIVEN, CROSS],
    check: () =>
      checkExact(O, conv2d(M, K).toArray(), {
        what: "conv2d(M, K)",
        alternatives: [{ reading: FLIPPED, value: convolve2d(M, K).toArray() }],
      }),
  },
  {
    id: "2b.two-channels",
    question: "2",
    topic: "multi-channel convolution",
    chapter: "convolution",
    statement:
      "With two input channels (both M) and one filter of two channels (both K), the output is O + O.",
    stated: `${showArray(O)} + ${showArray(O)} = [[2, 2, 2], [0, 2, 6], [0, 0, 2]]`,
    statedTex: `O = ${TEX_O} + ${TEX_O} = ${bmatrix([[2, 2, 2], [0, 2, 6], [0, 0, 2]])}`,
    assumptions: [
      "the question (not in the sheet) gives an input of two channels, each equal to M, and one filter whose two channels each equal K",
      CROSS,
    ],
    check: () =>
      checkExact(
        [[2, 2, 2], [0, 2, 6], [0, 0, 2]],
        conv2d([M, M], [K, K]).reshape([3, 3]).toArray(),
        {
          what:
            "conv2d([M, M], [K, K]) (one filter, so one 3x3 map: the sum of the per-channel outputs)",
        },
      ),
  },
  {
    id: "2c.two-filters",
    question: "2",
    topic: "several filters",
    chapter: "convolution",
    statement: "Two filters (both K) on M give two stacked 3x3 output maps, each equal to O.",
    stated: `[${showArray(O)}, ${showArray(O)}]`,
    statedTex: String.raw`O = \left[${TEX_O}, ${TEX_O} \right]`,
    assumptions: [
      "the question (not in the sheet) gives two filters, each equal to K, on the single input M",
      CROSS,
    ],
    check: () =>
      checkExact([O, O], conv2d(M, [[K], [K]]).toArray(), {
        what: "conv2d(M, [[K], [K]]), one output map per filter",
      }),
  },
];
