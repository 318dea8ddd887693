/**
 * Question 2 of the worked solution sheet: the 4x4 matrix M convolved with the 2x2 kernel K
 * at stride 1 with padding "valid", no bias and a linear activation.
 *
 * (a) The output has (4 - 2)/1 + 1 = 3 rows and columns. Each entry is the sum of the
 *     patch of M under K times K, entry by entry; the cell in row 1, column 2 is
 *     [[0, 1], [1, 2]] (x) [[0, 0], [1, 1]] = 0·0 + 1·0 + 1·1 + 2·1 = 3.
 * (b) M on two input channels and K on both channels of one filter: the maps add.
 * (c) Two filters, both K, on one channel: the maps stack.
 *
 * Run: deno run examples/convolution.ts
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { conv2d, conv2dCell, convOutputSize } from "../mod.ts";

const M = [
  [1, 0, 0, 2],
  [0, 1, 0, 1],
  [0, 0, 1, 2],
  [0, 0, 0, 1],
];
const K = [
  [0, 0],
  [1, 1],
];

// (a) the size, then the map
strictEqual(convOutputSize(4, { kernel: 2, stride: 1 }), 3);
const O = conv2d(M, K, { stride: 1, padding: "valid" });
console.log("(a) O =", O.toArray());
deepStrictEqual(O.toArray(), [
  [1, 1, 1],
  [0, 1, 3],
  [0, 0, 1],
]);

// one cell taken apart: O_12
const cell = conv2dCell(M, K, 1, 2);
console.log(
  "    O_12: patch",
  cell.patch.toArray(),
  "products",
  cell.products.toArray(),
  "=",
  cell.sum,
);
deepStrictEqual(cell.patch.toArray(), [[0, 1], [1, 2]]);
deepStrictEqual(cell.products.toArray(), [[0, 0], [1, 2]]);
strictEqual(cell.sum, 3);

// (b) two input channels, both M; one filter whose two channels are both K
const twoChannels = conv2d([M, M], [K, K]);
console.log("(b) O =", twoChannels.toArray());
deepStrictEqual(twoChannels.toArray(), [[[2, 2, 2], [0, 2, 6], [0, 0, 2]]]);

// (c) one input channel, two filters, both K
const twoFilters = conv2d(M, [[K], [K]]);
console.log("(c) O =", twoFilters.toArray());
deepStrictEqual(twoFilters.toArray(), [O.toArray(), O.toArray()]);
