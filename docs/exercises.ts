/**
 * The exercises at the end of each chapter. Each states a question, the answer worked by
 * hand, and a check: the library computes the quantity and the audit's own checkers
 * (`checkNumber` at the answer's stated decimals, `checkExact` for counts, shapes and
 * matrices) compare it with the hand-worked answer. The build fails if one disagrees, so a
 * printed answer is always one the library confirms.
 *
 * @module
 */

import { checkExact, checkNumber } from "../audit/check.ts";
import type { Outcome } from "../audit/model.ts";
import type { ExerciseView } from "./book.ts";
import { markdown, markdownInline } from "./markdown.ts";

// deno-lint-ignore no-explicit-any
type Lib = Record<string, any>;

/** One exercise: its chapter, the question, the hand-worked answer and the library's check. */
export interface Exercise {
  chapter: string;
  question: string;
  /** The answer as a reader would work it, with the final value. */
  answer: string;
  /**
   * Library functions the check calls that a branch may not have yet: without them the
   * exercise is left out (its chapter does not exist either).
   */
  needs?: readonly string[];
  check(lib: Lib): Outcome;
}

const toArray = (t: { toArray(): unknown }) => t.toArray();

/** The sheet's 4 × 4 input of question 2 and its kernel. */
const M = [[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]];

export const EXERCISES: readonly Exercise[] = [
  {
    chapter: "tensor",
    question: "What are the shape and size of the tensor " +
      "`tensor([[1, 2, 3], [4, 5, 6]])`?",
    answer: "Two rows of three: shape $[2, 3]$, size $2 \\cdot 3 = 6$.",
    check: (lib) => {
      const t = lib.tensor([[1, 2, 3], [4, 5, 6]]);
      return checkExact([[2, 3], 6], [[...t.shape], t.size], { what: "the pair (shape, size)" });
    },
  },
  {
    chapter: "random",
    question: "`permutation(5, mulberry32(s))` for any seed $s$: what do its numbers add " +
      "up to?",
    answer: "A permutation of $0, \\dots, 4$ holds each once: $0 + 1 + 2 + 3 + 4 = 10$, " +
      "whatever the order the seed gives.",
    check: (lib) =>
      checkExact(
        10,
        lib.permutation(5, lib.mulberry32(42)).reduce((a: number, b: number) => a + b, 0),
        { what: "the sum" },
      ),
  },
  {
    chapter: "mistakes",
    question: "Which mistake turns the natural-log loss $0.37110$ of the sheet's neuron into " +
      "its stated $0.53539$?",
    answer: "The logarithm in base 2: $-\\log_2 0.68997 = 0.37110 / \\ln 2 = 0.53539$. The " +
      "catalogue's `log-base-2` variant of `binaryCrossEntropy` reproduces it.",
    check: (lib) => {
      const mistake = lib.mistakesOf(lib.binaryCrossEntropy)
        .find((m: { id: string }) => m.id === "log-base-2");
      return checkNumber("0.53539", mistake.variant(lib.sigmoid(0.8), 1), {
        what: "the base-2 loss",
      });
    },
  },
  {
    chapter: "tensor",
    question: "In a tensor of shape $[2, 3, 4]$, at which offset of its flat data is the " +
      "entry $(1, 2, 3)$?",
    answer: "$1 \\cdot (3 \\cdot 4) + 2 \\cdot 4 + 3 = 12 + 8 + 3 = 23$: the last entry, as " +
      "it is the last index on every axis.",
    check: (lib) => {
      // Fill the nested arrays with a counter in reading order, so each entry holds its offset.
      let counter = 0;
      const nested = Array.from(
        { length: 2 },
        () => Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => counter++)),
      );
      return checkExact(23, lib.tensor(nested).get(1, 2, 3), { what: "the offset" });
    },
  },
  {
    chapter: "random",
    question: "Draws from `uniform(random, { low: 2, high: 4 })`: what should their mean be " +
      "near, and how near after ten thousand draws?",
    answer: "The middle of the range, $3$. A uniform on $[2, 4)$ has standard deviation " +
      "$2/\\sqrt{12} = 0.577$, so the mean of $10\\,000$ draws is within about " +
      "$0.577 / 100 = 0.006$ of 3: it rounds to $3.0$.",
    check: (lib) => {
      const random = lib.mulberry32(7);
      let sum = 0;
      for (let i = 0; i < 10000; i++) sum += lib.uniform(random, { low: 2, high: 4 });
      return checkNumber("3.0", sum / 10000, { what: "the mean" });
    },
  },
  {
    chapter: "mistakes",
    question: "And with a calculator's `log` key (base 10), what loss would the sheet have " +
      "written?",
    answer: "$-\\log_{10} 0.68997 = 0.37110 / \\ln 10 = 0.37110 / 2.30259 = 0.16117$, the " +
      "catalogue's `log-base-10` variant.",
    check: (lib) => {
      const mistake = lib.mistakesOf(lib.binaryCrossEntropy)
        .find((m: { id: string }) => m.id === "log-base-10");
      return checkNumber("0.16117", mistake.variant(lib.sigmoid(0.8), 1), {
        what: "the base-10 loss",
      });
    },
  },
  {
    chapter: "matmul",
    needs: ["matmul"],
    question: "Multiply $A = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$ by " +
      "$B = \\begin{bmatrix} 0 & 1 \\\\ 1 & 0 \\end{bmatrix}$.",
    answer: "Each entry is a row of $A$ times a column of $B$: $(AB)_{11} = 1 \\cdot 0 + " +
      "2 \\cdot 1 = 2$, $(AB)_{12} = 1 \\cdot 1 + 2 \\cdot 0 = 1$, and the second row is " +
      "$(4, 3)$: $B$ swaps the columns of $A$.",
    check: (lib) =>
      checkExact([[2, 1], [4, 3]], toArray(lib.matmul([[1, 2], [3, 4]], [[0, 1], [1, 0]])), {
        what: "AB",
      }),
  },
  {
    chapter: "matmul",
    needs: ["im2col"],
    question: "Lay out question 2's $M$ for a $2 \\times 2$ window with `im2col`: which row " +
      "belongs to the cell $O_{12}$, and what does it give times $K$'s taps $(0, 0, 1, 1)$?",
    answer: "The cells are numbered row by row, so $O_{12}$ is row $1 \\cdot 3 + 2 = 5$: the " +
      "window of $M$ at rows 1-2, columns 2-3, read row by row, $(0, 1, 1, 2)$. Times " +
      "$(0, 0, 1, 1)$ it gives $1 + 2 = 3$, the sheet's $O_{12}$.",
    check: (lib) =>
      checkExact([0, 1, 1, 2], (toArray(lib.im2col(M, { kernel: 2 })) as number[][])[5], {
        what: "row 5",
      }),
  },
];

/**
 * Runs every exercise's check with the library and renders the ones that agree; throws,
 * naming the exercise, when the library disagrees with a hand-worked answer.
 */
export function checkedExercises(lib: Lib): Record<string, ExerciseView[]> {
  const byChapter: Record<string, ExerciseView[]> = {};
  for (const exercise of EXERCISES) {
    if (exercise.needs?.some((name) => typeof lib[name] !== "function")) continue;
    const list = byChapter[exercise.chapter] ??= [];
    const id = `exercise-${exercise.chapter}-${list.length + 1}`;
    let outcome: Outcome;
    try {
      outcome = exercise.check(lib);
    } catch (error) {
      throw new Error(`${id}: its check failed: ${(error as Error).message}`);
    }
    if (outcome.verdict !== "agrees") {
      throw new Error(`${id}: the library disagrees with the worked answer: ${outcome.reason}`);
    }
    list.push({
      id,
      questionHtml: markdownInline(exercise.question),
      answerHtml: markdown(exercise.answer),
      checkHtml: markdownInline(`Checked by the audit engine: ${outcome.reason}.`),
    });
  }
  return byChapter;
}
