/**
 * Question 4 of the seed document: qualitative statements about learning rates, the
 * gradient-descent variants, and vanishing gradients in deep networks. Each is decided by
 * an experiment whose measured outcome is reported with the verdict:
 *
 * - (a) the learning-rate study on quadratics f(w) = (L/2) w^2 (and an ill-conditioned 2-D
 *   one), where theory says gradient descent converges iff 0 < α < 2/L;
 * - (b), (c) the descent study: logistic regression on a fixed, seeded dataset of 64
 *   points, trained by batch, mini-batch (8) and stochastic gradient descent, counting
 *   updates and per-sample gradient evaluations;
 * - (d) the depth study: per-layer gradient norms of a 20-layer sigmoid chain, plain,
 *   residual, and with an auxiliary loss at the middle layer.
 *
 * @module
 */
import {
  batchGradient,
  deepSigmoidChain,
  gradientDescent,
  learningRateStudy,
  logisticRegression,
  mulberry32,
  quadratic,
  randomChainWeights,
  uniform,
} from "../../../mod.ts";
import { decide, show } from "../../check.ts";
import type { Claim } from "../../model.ts";

// ---------------------------------------------------------------------------------------
// (a) The learning-rate study.

/** Rates tried on f(w) = w^2/2 (L = 1, so 1/L = 1 is optimal and 2/L = 2 the limit). */
const RATES = [0.01, 0.1, 0.5, 1, 1.5, 1.9, 2, 2.5];

let rateRows: ReturnType<typeof learningRateStudy> | undefined;
function rateStudy() {
  rateRows ??= learningRateStudy(quadratic(1), RATES);
  return rateRows;
}
const row = (alpha: number) => rateStudy().find((r) => r.learningRate === alpha)!;
const describe = (alpha: number) => {
  const r = row(alpha);
  return `α = ${alpha}: ${r.verdict}${r.iterations === null ? "" : ` in ${r.iterations} steps`}`;
};
const QUADRATIC = "the study's objective is f(w) = w^2/2 (curvature L = 1) from w = 1, stopped " +
  "when |f'(w)| falls below 1e-6 of its start; 'quickly' means within 100 steps";

// ---------------------------------------------------------------------------------------
// (b), (c) The descent study.

const N = 64;
const ALPHA = 0.5;
const MINI = 8;
const DESCENT = `logistic regression on ${N} seeded points in 2-D (labels from a noisy line), ` +
  `rate α = ${ALPHA} for every variant, mini-batches of ${MINI}, samples shuffled each epoch ` +
  "(seed 1)";
/**
 * The two cost models. A claim about cost states which one it uses: the same measurements
 * favour SGD in computation and batch descent in wall-clock time on parallel hardware.
 */
const COMPUTE_COST = "cost model (compute): training cost counted in per-sample gradient " +
  "evaluations, each one forward and one backward pass, whatever the hardware";
const PARALLEL_COST = "cost model (wall-clock on parallel hardware): a machine computes a " +
  "whole batch in the time of one sample (at least as many workers as the batch has " +
  "samples, communication ignored), so cost is counted in sequential updates, not in " +
  "gradient evaluations as under the compute model";

interface Variant {
  name: string;
  batchSize: number;
  updatesPerEpoch: number;
  evaluationsPerUpdate: number;
  /** Updates and evaluations to reach each target, or null when not reached. */
  reach: { updates: number; evaluations: number } | null;
  finalLoss: number;
}

interface DescentStudy {
  problem: ReturnType<typeof logisticRegression>;
  optimum: number;
  initial: number;
  target: number;
  variants: Record<"batch" | "mini" | "sgd", Variant>;
  /** Mean relative error |g_B − g| / |g| of batch gradients at the start, by batch size. */
  gradientError: Record<"batch" | "mini" | "sgd", number>;
  /** Single-sample gradients pointing uphill for the whole-data loss, at the start. */
  uphill: number;
  /** Mean norm of single-sample gradients at the optimum, where the full gradient is ~0. */
  sampleNormAtOptimum: number;
  fullNormAtOptimum: number;
}

let descentCache: DescentStudy | undefined;
function descentStudy(): DescentStudy {
  if (descentCache) return descentCache;
  const random = mulberry32(4);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < N; i++) {
    const a = uniform(random, { low: -2, high: 2 });
    const b = uniform(random, { low: -2, high: 2 });
    X.push([a, b]);
    y.push(a + 0.5 * b + uniform(random, { low: -1, high: 1 }) > 0 ? 1 : 0);
  }
  const problem = logisticRegression({ X, y }, { w0: [0, 0], b0: 0 });
  // The optimum, by long full-batch descent with a large stable rate.
  const best = gradientDescent(problem, { learningRate: 8, epochs: 300 });
  const optimum = best.epochLosses.at(-1)!;
  const initial = best.initialLoss;
  // The target: 99% of the way from the start to the optimum.
  const target = optimum + 0.01 * (initial - optimum);
  const variant = (name: string, batchSize: number, epochs: number): Variant => {
    const run = gradientDescent(problem, { learningRate: ALPHA, batchSize, epochs, seed: 1 });
    const perEpoch = Math.ceil(N / batchSize);
    const epoch = run.epochLosses.findIndex((l) => l <= target);
    return {
      name,
      batchSize,
      updatesPerEpoch: run.updates / epochs,
      evaluationsPerUpdate: run.gradientEvaluations / run.updates,
      reach: epoch < 0 ? null : { updates: (epoch + 1) * perEpoch, evaluations: (epoch + 1) * N },
      finalLoss: run.epochLosses.at(-1)!,
    };
  };
  const full = batchGradient(problem).gradient;
  const norm = (g: ArrayLike<number>) => Math.hypot(...Array.from(g));
  const error = (size: number) => {
    let sum = 0;
    const batches = N / size;
    for (let k = 0; k < batches; k++) {
      const indices = Array.from({ length: size }, (_, i) => k * size + i);
      const g = batchGradient(problem, { indices }).gradient;
      sum += norm(g.map((v, j) => v - full[j])) / norm(full);
    }
    return sum / batches;
  };
  let uphill = 0;
  for (let i = 0; i < N; i++) {
    const g = batchGradient(problem, { indices: [i] }).gradient;
    if (g.reduce((s, v, j) => s + v * full[j], 0) < 0) uphill++;
  }
  let sampleNorm = 0;
  for (let i = 0; i < N; i++) {
    sampleNorm += norm(
      batchGradient(problem, { parameters: best.parameters, indices: [i] }).gradient,
    );
  }
  descentCache = {
    problem,
    optimum,
    initial,
    target,
    variants: {
      batch: variant("batch", N, 200),
      mini: variant("mini-batch", MINI, 40),
      sgd: variant("stochastic", 1, 40),
    },
    gradientError: { batch: error(N), mini: error(MINI), sgd: error(1) },
    uphill,
    sampleNormAtOptimum: sampleNorm / N,
    fullNormAtOptimum: norm(batchGradient(problem, { parameters: best.parameters }).gradient),
  };
  return descentCache;
}

const reachText = (v: Variant) =>
  v.reach === null
    ? `${v.name}: target not reached`
    : `${v.name}: ${v.reach.updates} updates, ${v.reach.evaluations} gradient evaluations`;
const ratio = (a: Variant, b: Variant) =>
  a.reach && b.reach ? (a.reach.updates / b.reach.updates).toFixed(1) : "?";
const targetText = () => {
  const s = descentStudy();
  return `to reach a loss of ${show(s.target)} (99% of the way from ${
    show(s.initial)
  } to the optimum ${show(s.optimum)})`;
};

// ---------------------------------------------------------------------------------------
// (d) The depth study.

const DEPTH = 20;
const SEEDS = [0, 1, 2, 3, 4];
const CHAIN = `${DEPTH}-layer sigmoid chains of width 4, weights uniform in [−1, 1) ` +
  `(seeds ${SEEDS.join(", ")}), input (0.5, −0.25, 0.75, 0.25), objective the sum of the ` +
  "last layer's outputs; the auxiliary loss (weight 1) is injected at layer 10";

let depthCache: { plain: number; residual: number; boost: number }[] | undefined;
function depthStudy() {
  depthCache ??= SEEDS.map((seed) => {
    const w = randomChainWeights(DEPTH, 4, { seed });
    const x = [0.5, -0.25, 0.75, 0.25];
    const plain = deepSigmoidChain(x, w).gradNorms;
    const residual = deepSigmoidChain(x, w, { architecture: "residual" }).gradNorms;
    const auxiliary = deepSigmoidChain(x, w, { architecture: "auxiliary" }).gradNorms;
    return {
      plain: plain[0] / plain[DEPTH - 1],
      residual: residual[0] / residual[DEPTH - 1],
      boost: auxiliary[0] / plain[0],
    };
  });
  return depthCache;
}
const range = (values: number[]) =>
  `${Math.min(...values).toExponential(1)} to ${Math.max(...values).toExponential(1)}`;

// ---------------------------------------------------------------------------------------

const base = (id: string, topic: string, chapter: Claim["chapter"]) => ({
  id,
  question: "4",
  topic,
  chapter,
});

export const claims: Claim[] = [
  {
    ...base("4a.optimal", "learning rate", "learning_rate"),
    statement: "A well-chosen learning rate converges fairly quickly.",
    stated: "An optimal learning rate converges fairly quickly",
    assumptions: [QUADRATIC],
    check: () => {
      const fastest = rateStudy().filter((r) => r.iterations !== null)
        .sort((a, b) => a.iterations! - b.iterations!)[0];
      return decide(
        fastest.learningRate === 1 && fastest.verdict === "converges quickly",
        `fastest rate α = ${fastest.learningRate} (= 1/L): ${fastest.verdict} in ${fastest.iterations} step(s); ${
          describe(0.5)
        }; ${describe(1.5)}`,
        {
          agrees:
            "the best rate, α = 1/L, reaches the minimum in one step; rates near it converge within tens of steps",
          disagrees: "the best rate measured is not fast",
        },
      );
    },
  },
  {
    ...base("4a.small", "learning rate", "learning_rate"),
    statement: "Too small a learning rate takes too long to converge.",
    stated: "Too small of a learning rate takes too long to converge",
    assumptions: [QUADRATIC],
    check: () => {
      const small = row(0.01);
      const best = row(1);
      return decide(
        small.verdict === "converges slowly" && small.iterations !== null &&
          small.iterations > 100 * best.iterations!,
        `${describe(0.01)}; ${describe(0.1)}; ${describe(1)}`,
        {
          agrees:
            "at α = 0.01 the error shrinks by only 1% per step: over a thousand steps where the best rate needs one",
          disagrees: "a small rate was not measurably slower",
        },
      );
    },
  },
  {
    ...base("4a.large", "learning rate", "learning_rate"),
    statement: "Too large a learning rate may fail to converge and even diverge.",
    stated: "Too large of a learning rate might not be able to converge and diverge",
    assumptions: [QUADRATIC],
    check: () =>
      decide(
        row(2).verdict === "oscillates" && row(2.5).verdict === "diverges",
        `${describe(1.9)}; ${describe(2)}; ${describe(2.5)}`,
        {
          agrees:
            "at α = 2/L the iterate jumps between ±1 forever, and above 2/L it grows without bound; just below 2/L it still converges, slowly, hence 'might'",
          disagrees: "large rates still converged",
        },
      ),
  },
  {
    ...base("4b.sgd.cheap-steps", "stochastic gradient descent", "descent"),
    statement: "Each step of stochastic gradient descent is cheap to compute.",
    stated: "the amount of time it takes to compute a step is small",
    assumptions: [DESCENT, COMPUTE_COST],
    check: () => {
      const { sgd, batch } = descentStudy().variants;
      return decide(
        sgd.evaluationsPerUpdate === 1 && batch.evaluationsPerUpdate === N,
        `gradient evaluations per update: stochastic ${sgd.evaluationsPerUpdate}, batch ${batch.evaluationsPerUpdate}`,
        {
          agrees: `an SGD step needs one sample's gradient; a batch step needs all ${N}`,
          disagrees: "SGD steps were not cheaper",
        },
      );
    },
  },
  {
    ...base("4b.sgd.many-steps", "stochastic gradient descent", "descent"),
    statement: "Stochastic gradient descent needs many steps to converge.",
    stated: "the number of steps taken to reach convergence can be high",
    assumptions: [DESCENT],
    check: () => {
      const { sgd, batch } = descentStudy().variants;
      return decide(
        sgd.reach !== null && batch.reach !== null && sgd.reach.updates > batch.reach.updates,
        `${targetText()}: ${reachText(sgd)}; ${reachText(batch)}`,
        {
          agrees: `SGD needed ${ratio(sgd, batch)} times as many updates as batch gradient descent`,
          disagrees: "SGD did not need more updates than batch gradient descent",
        },
      );
    },
  },
  {
    ...base("4b.sgd.cost", "stochastic gradient descent", "descent"),
    statement:
      "Because every update needs its own forward and backward pass, SGD's many updates make its training cost high.",
    stated:
      "the number of steps … can be high that leads to high training cost … the whole network needs to do a forward pass before doing another backpropagation",
    assumptions: [
      DESCENT,
      COMPUTE_COST,
      "'training cost' is read as the total computation, the cost the sheet's reason names (a forward and a backward pass per update); the wall-clock reading is tried as the alternative",
    ],
    check: () => {
      const { sgd, batch } = descentStudy().variants;
      const costlier = sgd.reach === null ||
        (batch.reach !== null && sgd.reach.evaluations > batch.reach.evaluations);
      const counts = (key: "evaluations" | "updates", unit: string) =>
        sgd.reach && batch.reach
          ? `SGD needs ${sgd.reach[key]} ${unit} against batch descent's ${batch.reach[key]}`
          : "the target was not reached";
      return decide(
        costlier,
        `${targetText()}: ${reachText(sgd)}; ${
          reachText(batch)
        }. Every variant makes ${N} forward and backward passes per epoch`,
        {
          agrees: "SGD needed more forward and backward passes in total",
          disagrees: `counted in per-sample gradient evaluations (compute), SGD is cheaper: ${
            counts("evaluations", "evaluations")
          } to reach the same loss, since an epoch costs ${N} forward and backward passes for every variant and SGD gets ${N} updates from them instead of 1. Counted in sequential updates (wall-clock on hardware that computes a whole batch in the time of one sample, the model claim 4c.minibatch.parallel states), the sheet's conclusion holds: ${
            counts("updates", "sequential updates")
          }`,
        },
        [{
          reading:
            "cost counted in sequential updates: wall-clock time on hardware that computes a whole batch in the time of one sample (the model of 4c.minibatch.parallel)",
          computed: sgd.reach && batch.reach
            ? `stochastic ${sgd.reach.updates} sequential updates, batch ${batch.reach.updates}`
            : "not reached",
          reproduces: sgd.reach !== null && batch.reach !== null &&
            sgd.reach.updates > batch.reach.updates,
        }],
      );
    },
  },
  {
    ...base("4b.sgd.noisy", "stochastic gradient descent", "descent"),
    statement:
      "SGD descends a different one-sample loss at each step, not the whole-data loss, so its steps wander.",
    stated:
      "the loss function in stochastic gradient descent changes at each iteration by only taking one data point",
    assumptions: [DESCENT],
    check: () => {
      const s = descentStudy();
      return decide(
        s.uphill > 0 && s.sampleNormAtOptimum > 100 * s.fullNormAtOptimum,
        `at the start ${s.uphill} of ${N} single-sample gradients point uphill for the whole-data loss; at the optimum the single-sample gradients have mean norm ${
          show(s.sampleNormAtOptimum)
        } while the full gradient's norm is ${s.fullNormAtOptimum.toExponential(1)}`,
        {
          agrees:
            "one sample's gradient often disagrees with the whole-data gradient, and does not vanish at the optimum, so SGD keeps moving",
          disagrees: "single-sample gradients matched the whole-data gradient",
        },
      );
    },
  },
  {
    ...base("4b.minibatch.middle", "mini-batch gradient descent", "descent"),
    statement:
      "Mini-batch gradient descent is a middle ground: it uses a batch of points per step, and partly relieves SGD's problem.",
    stated:
      "A way to partly alleviate this problem is to use mini-batch gradient descent … computing the derivatives of a batch of data points",
    assumptions: [DESCENT, COMPUTE_COST],
    check: () => {
      const { sgd, mini, batch } = descentStudy().variants;
      const between = mini.updatesPerEpoch > batch.updatesPerEpoch &&
        mini.updatesPerEpoch < sgd.updatesPerEpoch;
      const relieves = mini.reach !== null && sgd.reach !== null && batch.reach !== null &&
        mini.reach.updates < sgd.reach.updates && mini.reach.evaluations < batch.reach.evaluations;
      return decide(
        between && relieves,
        `updates per epoch: stochastic ${sgd.updatesPerEpoch}, mini-batch ${mini.updatesPerEpoch}, batch ${batch.updatesPerEpoch}; ${targetText()}: ${
          reachText(mini)
        }; ${reachText(sgd)}; ${reachText(batch)}`,
        {
          agrees:
            "mini-batches needed far fewer updates than SGD and far fewer gradient evaluations than batch descent",
          disagrees: "mini-batch was not between the two",
        },
      );
    },
  },
  {
    ...base("4b.minibatch.aligned", "mini-batch gradient descent", "descent"),
    statement: "A mini-batch's loss follows the whole-data loss more closely than one point's.",
    stated: "This allows the loss function to be better aligned with the global loss function",
    assumptions: [
      DESCENT,
      "alignment measured as the mean relative error |g_B − g|/|g| of the batch gradients at the start",
    ],
    check: () => {
      const e = descentStudy().gradientError;
      return decide(
        e.mini < e.sgd && e.batch < 1e-12,
        `mean relative gradient error: one sample ${show(e.sgd)}, batch of ${MINI} ${
          show(e.mini)
        }, all ${N} ${e.batch.toExponential(1)}`,
        {
          agrees: "the error falls as the batch grows",
          disagrees: "larger batches were not closer to the whole-data gradient",
        },
      );
    },
  },
  {
    ...base("4c.sgd.definition", "stochastic gradient descent", "descent"),
    statement:
      "Stochastic gradient descent updates the weights from one training sample's derivative.",
    stated:
      "Stochastic gradient descent is to use the derivative of the loss function for one training sample to update the weights",
    assumptions: [DESCENT],
    check: () => {
      const { sgd } = descentStudy().variants;
      return decide(
        sgd.evaluationsPerUpdate === 1 && sgd.updatesPerEpoch === N,
        `batch size 1: ${sgd.evaluationsPerUpdate} gradient evaluation per update, ${sgd.updatesPerEpoch} updates per epoch`,
        { agrees: "one sample's gradient per update", disagrees: "not one sample per update" },
      );
    },
  },
  {
    ...base("4c.minibatch.definition", "mini-batch gradient descent", "descent"),
    statement:
      "Mini-batch gradient descent updates the weights from a batch of samples' derivatives.",
    stated:
      "Mini-batch gradient descent is to use the derivatives of the loss function for a batch of training samples to update the weights",
    assumptions: [DESCENT],
    check: () => {
      const { mini } = descentStudy().variants;
      return decide(
        mini.evaluationsPerUpdate === MINI && mini.updatesPerEpoch === N / MINI,
        `batch size ${MINI}: ${mini.evaluationsPerUpdate} gradient evaluations per update, ${mini.updatesPerEpoch} updates per epoch`,
        { agrees: "one batch's mean gradient per update", disagrees: "not one batch per update" },
      );
    },
  },
  {
    ...base("4c.batch.definition", "batch gradient descent", "descent"),
    statement:
      "Batch gradient descent computes each training sample's derivative and updates the weights 'respectively', which as written means once per sample.",
    stated:
      "(Batch) gradient descent is to calculate the derivatives of the loss function for each training sample and update the weights respectively",
    assumptions: [
      DESCENT,
      "'update the weights respectively' is read as written: one update per sample",
    ],
    check: () => {
      const s = descentStudy();
      const batch = gradientDescent(s.problem, { learningRate: ALPHA, epochs: 1 });
      const perSample = gradientDescent(s.problem, {
        learningRate: ALPHA,
        batchSize: 1,
        epochs: 1,
      });
      const onceFromAll = gradientDescent(s.problem, {
        learningRate: ALPHA,
        batchSize: N,
        epochs: 1,
        seed: 1,
      });
      const same = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-12);
      const matches = same(perSample.parameters, batch.parameters);
      return decide(
        matches,
        `one epoch of batch descent: ${batch.updates} update from ${batch.gradientEvaluations} gradients; the procedure described (update after each sample): ${perSample.updates} updates, parameters ${
          perSample.parameters.map((v) => show(v)).join(", ")
        } instead of ${batch.parameters.map((v) => show(v)).join(", ")}`,
        {
          agrees: "the described procedure is batch descent",
          disagrees:
            "the wording as written (compute each training sample's derivative and update the weights respectively) describes an update per sample, which is stochastic gradient descent (in data order), not batch descent; the sheet's next sentence ('gradient descent computes the gradient using the whole dataset') shows the intended meaning, which is the reading that reproduces batch descent: compute every derivative, then one update from their mean",
        },
        [{
          reading:
            "compute every derivative, then one update from their mean (the intended meaning, per the sheet's next sentence)",
          computed: `parameters ${onceFromAll.parameters.map((v) => show(v)).join(", ")}`,
          reproduces: same(onceFromAll.parameters, batch.parameters),
        }],
      );
    },
  },
  {
    ...base("4c.batch.accurate", "batch gradient descent", "descent"),
    statement:
      "Batch gradient descent's gradient is exact for the whole data but costs the most per update.",
    stated:
      "gradient descent computes the gradient using the whole dataset, it is more accurate but also more computationally expensive",
    assumptions: [DESCENT, COMPUTE_COST],
    check: () => {
      const s = descentStudy();
      return decide(
        s.gradientError.batch < 1e-12 && s.variants.batch.evaluationsPerUpdate === N,
        `relative gradient error ${
          s.gradientError.batch.toExponential(1)
        }; ${s.variants.batch.evaluationsPerUpdate} gradient evaluations per update`,
        {
          agrees: "exact gradient, N evaluations per update",
          disagrees: "not exact or not costlier",
        },
      );
    },
  },
  {
    ...base("4c.sgd.inaccurate", "stochastic gradient descent", "descent"),
    statement: "SGD's one-sample gradient is less accurate but cheaper to compute.",
    stated:
      "stochastic gradient descent computes the gradient using a single sample, it is less accurate … but is more computationally inexpensive",
    assumptions: [DESCENT, COMPUTE_COST],
    check: () => {
      const s = descentStudy();
      return decide(
        s.gradientError.sgd > s.gradientError.batch && s.variants.sgd.evaluationsPerUpdate === 1,
        `relative gradient error ${show(s.gradientError.sgd)}; 1 gradient evaluation per update`,
        {
          agrees: "a one-sample gradient is off by a large fraction and costs one evaluation",
          disagrees: "not less accurate",
        },
      );
    },
  },
  {
    ...base("4c.sgd.more-steps", "stochastic gradient descent", "descent"),
    statement:
      "Working from single samples, SGD takes more steps to reach weights good for the whole dataset.",
    stated: "it takes more steps to find a gradient that works for the whole dataset",
    assumptions: [DESCENT],
    check: () => {
      const { sgd, batch } = descentStudy().variants;
      return decide(
        sgd.reach !== null && batch.reach !== null && sgd.reach.updates > batch.reach.updates,
        `${targetText()}: ${reachText(sgd)}; ${reachText(batch)}`,
        {
          agrees: `SGD took ${
            ratio(sgd, batch)
          } times as many updates to get as close to the optimum`,
          disagrees: "SGD did not take more updates",
        },
      );
    },
  },
  {
    ...base("4c.minibatch.approximation", "mini-batch gradient descent", "descent"),
    statement:
      "Mini-batches approximate the whole-data loss better than one sample without computing the whole dataset's gradient.",
    stated:
      "This allows for a better approximation of the global loss function but does not require to compute gradient of the whole dataset",
    assumptions: [DESCENT, COMPUTE_COST],
    check: () => {
      const s = descentStudy();
      return decide(
        s.gradientError.mini < s.gradientError.sgd && s.variants.mini.evaluationsPerUpdate < N,
        `relative gradient error: one sample ${show(s.gradientError.sgd)}, batch of ${MINI} ${
          show(s.gradientError.mini)
        }; ${s.variants.mini.evaluationsPerUpdate} of ${N} gradients per update`,
        {
          agrees: "closer than one sample, at an eighth of the cost of the full gradient",
          disagrees: "no better than one sample",
        },
      );
    },
  },
  {
    ...base("4c.minibatch.parallel", "mini-batch gradient descent", "descent"),
    statement:
      "On parallel hardware, computing a mini-batch can cost the same time as computing one sample.",
    stated:
      "the cost to compute a batch of training samples can be the same as the cost to compute one training sample",
    assumptions: [DESCENT, PARALLEL_COST, `here: at least ${MINI} parallel workers`],
    check: () => {
      // Experiment: the per-sample gradients of one batch all read the same parameters, so
      // none waits for another: computed in reverse order they give the same batch gradient.
      const s = descentStudy();
      const indices = Array.from({ length: MINI }, (_, i) => i);
      const forward = batchGradient(s.problem, { indices }).gradient;
      const backward = batchGradient(s.problem, { indices: [...indices].reverse() }).gradient;
      const independent = forward.every((v, i) => Math.abs(v - backward[i]) < 1e-15);
      const { mini, sgd } = s.variants;
      return decide(
        independent,
        `a batch's ${MINI} gradients are independent (any order gives the same mean); with ${MINI} workers an epoch takes ${mini.updatesPerEpoch} sequential rounds for mini-batch against ${sgd.updatesPerEpoch} for SGD`,
        {
          agrees:
            "the samples of a batch can be processed at once, so one batch costs one sample's time when there are enough workers",
          disagrees: "the samples of a batch depend on each other",
        },
      );
    },
  },
  {
    ...base("4d.vanishing", "vanishing gradients", "depth"),
    statement: "In very deep networks the gradients reaching the first layers vanish.",
    stated: "the issue of vanishing gradients when the networks get very deep",
    assumptions: [CHAIN],
    check: () => {
      const ratios = depthStudy().map((r) => r.plain);
      return decide(
        Math.max(...ratios) < 1e-6,
        `first-layer gradient norm / last-layer norm, plain chain: ${range(ratios)}`,
        {
          agrees: "the first layer's gradient is millions of times smaller than the last's",
          disagrees: "the gradient did not vanish",
        },
      );
    },
  },
  {
    ...base("4d.auxiliary", "auxiliary classifiers", "depth"),
    statement:
      "GoogLeNet's auxiliary classifiers inject the loss at intermediate layers, which counters vanishing gradients.",
    stated:
      "GoogleNet uses auxiliary classifiers in different layers in the network to inject the loss function at intermediate layers",
    assumptions: [CHAIN],
    check: () => {
      const boosts = depthStudy().map((r) => r.boost);
      return decide(
        Math.min(...boosts) > 100,
        `first-layer gradient norm with the auxiliary loss / without: ${range(boosts)}`,
        {
          agrees:
            "the injected loss reaches the first layer through 10 layers instead of 20, making its gradient orders of magnitude larger",
          disagrees: "the auxiliary loss did not enlarge the early gradients",
        },
      );
    },
  },
  {
    ...base("4d.skip", "skip connections", "depth"),
    statement: "ResNet's skip connections pass the gradient back without it being diminished.",
    stated:
      "Resnet uses skip connections to allow gradient from the previous layers to be passed on without being diminished by local gradients",
    assumptions: [CHAIN],
    check: () => {
      const residual = depthStudy().map((r) => r.residual);
      const plain = depthStudy().map((r) => r.plain);
      return decide(
        Math.min(...residual) > 1e-2,
        `first-layer / last-layer gradient norm: residual ${range(residual)}; plain ${
          range(plain)
        }`,
        {
          agrees:
            "with skip connections the first layer's gradient stays within two orders of magnitude of the last's",
          disagrees: "the residual chain's gradient still vanished",
        },
      );
    },
  },
];
