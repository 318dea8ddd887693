/**
 * Auditing a generated 200-claim answer sheet (issue 8's goal: under 1 s warm), next to the
 * same 200 claims written as a TypeScript claims module with the checkers, in the same run.
 * The difference is what the sheet format costs: parsing the Markdown and the expressions,
 * evaluating over the syntax tree, and diagnosing the wrong answers with the catalogue.
 *
 * The sheet mixes what sheets hold: numbers at a stated precision, counts, matrices, shapes,
 * and formulas (tested over 200 random cases each, the audit's default); one claim in ten
 * is wrong, so the diagnosis runs too.
 *
 * Run: deno task bench
 */
import { auditSheet } from "../audit/sheet/sheet.ts";
import { checkExact, checkFormula, checkNumber, dyadic } from "../audit/check.ts";
import { runAudit } from "../audit/engine.ts";
import type { Claim } from "../audit/model.ts";
import {
  binaryCrossEntropy,
  conv2d,
  conv2dParameterCount,
  denseParameterCount,
  sigmoid,
  sigmoidDerivative,
} from "../mod.ts";

const lines: string[] = [];
const claims: Claim[] = [];
const base = {
  question: "1",
  topic: "bench",
  chapter: "neuron" as const,
  statement: "s",
  assumptions: [],
};
for (let i = 0; i < 200; i++) {
  const wrong = i % 10 === 9;
  const id = `c${i}`;
  switch (i % 5) {
    case 0: {
      const x = (i % 17) / 8;
      const stated = (sigmoid(x) + (wrong ? 0.1 : 0)).toFixed(5);
      lines.push(`${id}: sigmoid(${x}) = ${stated}`);
      claims.push({
        ...base,
        id,
        stated,
        check: () => checkNumber(stated, sigmoid(x), { what: "σ" }),
      });
      break;
    }
    case 1: {
      const n = 10 + i;
      const stated = String(wrong ? n * 10 : (n + 1) * 10);
      lines.push(`${id}: denseParameterCount({inFeatures: ${n}, outFeatures: 10}) = ${stated}`);
      claims.push({
        ...base,
        id,
        stated,
        check: () =>
          checkExact(Number(stated), denseParameterCount({ inFeatures: n, outFeatures: 10 }), {
            what: "count",
          }),
      });
      break;
    }
    case 2: {
      const stated = wrong
        ? "[[1, 1, 1], [0, 1, 3], [0, 1, 1]]"
        : "[[1, 1, 1], [0, 1, 3], [0, 0, 1]]";
      const M = "[[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]]";
      lines.push(`${id}: conv2d(${M}, [[0, 0], [1, 1]]) = ${stated}`);
      claims.push({
        ...base,
        id,
        stated,
        check: () =>
          checkExact(
            JSON.parse(stated),
            conv2d([[1, 0, 0, 2], [0, 1, 0, 1], [0, 0, 1, 2], [0, 0, 0, 1]], [[0, 0], [1, 1]])
              .toArray(),
            { what: "map" },
          ),
      });
      break;
    }
    case 3: {
      const stated = String(wrong ? 450 : 456);
      lines.push(
        `${id}: conv2dParameterCount({inChannels: 3, outChannels: 6, kernel: 5}) = ${stated}`,
      );
      claims.push({
        ...base,
        id,
        stated,
        check: () =>
          checkExact(
            Number(stated),
            conv2dParameterCount({ inChannels: 3, outChannels: 6, kernel: 5 }),
            {
              what: "count",
            },
          ),
      });
      break;
    }
    default: {
      const formula = wrong ? "sigmoid(x)" : "sigmoid(x) * (1 - sigmoid(x))";
      lines.push(`${id}: sigmoidDerivative(x) = ${formula}`);
      claims.push({
        ...base,
        id,
        stated: formula,
        check: (context) =>
          checkFormula({
            what: "σ'",
            variables: { x: dyadic() },
            stated: ({ x }) => wrong ? sigmoid(x) : sigmoid(x) * (1 - sigmoid(x)),
            truth: ({ x }) => sigmoidDerivative(x),
          }, context),
      });
    }
  }
}
const sheet = `# Bench\n\n## Question 1\n\n\`\`\`claims\n${lines.join("\n")}\n\`\`\`\n`;

// Both must give the same verdicts before anything is timed.
const fromSheet = await auditSheet(sheet, "bench.md");
const fromModule = runAudit({ document: "bench", claims }, "bench.ts");
if (fromSheet.errors.length || fromModule.errors.length) {
  throw new Error(
    `bench claims have errors: ${JSON.stringify([fromSheet.errors, fromModule.errors])}`,
  );
}
const verdicts = (r: typeof fromSheet) => r.claims.map((c) => c.verdict).join();
if (verdicts(fromSheet) !== verdicts(fromModule) || fromSheet.summary.disagrees !== 20) {
  throw new Error("the sheet and the module disagree on the bench's verdicts");
}
// binaryCrossEntropy is imported so the catalogue of losses is loaded as in a real audit.
void binaryCrossEntropy;

Deno.bench("nnspec audit: a 200-claim Markdown sheet (20 wrong, diagnosed)", {
  group: "sheet",
  baseline: true,
}, async () => {
  await auditSheet(sheet, "bench.md");
});

Deno.bench("the same 200 claims as a TypeScript claims module (no diagnosis)", {
  group: "sheet",
}, () => {
  runAudit({ document: "bench", claims }, "bench.ts");
});
