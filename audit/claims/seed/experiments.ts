/**
 * The experiments of the seed sheet (`audit/sheets/seed.md`): question 4's qualitative
 * statements, which no one-line expression can carry. Each is decided by an experiment whose
 * measured outcome is reported with the verdict:
 *
 * - (a) the learning-rate study on f(w) = (L/2) w^2, where gradient descent converges iff
 *   0 < α < 2/L;
 * - (b), (c) the descent study: logistic regression on a fixed, seeded dataset of 64 points,
 *   trained by batch, mini-batch (8) and stochastic gradient descent, counting updates and
 *   per-sample gradient evaluations;
 * - (d) the depth study: per-layer gradient norms of a 20-layer sigmoid chain, plain,
 *   residual, and with an auxiliary loss at the middle layer.
 *
 * The sheet refers to each claim by id (`4b.sgd.cost: experiment`); the module also runs on
 * its own with `deno task audit --claims audit/claims/seed/experiments.ts`.
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
import type { Chapter, Claim, Outcome, Reading } from "../../model.ts";

/** The document audited when this module runs on its own. */
export const document = "the seed solution sheet (000_6c13d2aa68a8a4ca.txt), question 4";

/** A study: its setting (every claim it decides assumes it) and its run, memoised. */
interface Study<T> {
  setting: string;
  read: () => T;
}
function study<T>(setting: string, run: () => T): Study<T> {
  let value: T | undefined;
  return { setting, read: () => (value ??= run()) };
}

// (a) The learning-rate study: f(w) = w^2/2, so 1/L = 1 is optimal and 2/L = 2 the limit.
const QUADRATIC = "the study's objective is f(w) = w^2/2 (curvature L = 1) from w = 1, stopped " +
  "when |f'(w)| falls below 1e-6 of its start; 'quickly' means within 100 steps";
const rates = study(
  QUADRATIC,
  () => learningRateStudy(quadratic(1), [0.01, 0.1, 0.5, 1, 1.5, 1.9, 2, 2.5]),
);
const rate = (alpha: number) => rates.read().find((r) => r.learningRate === alpha)!;
const rateText = (alpha: number) => {
  const r = rate(alpha);
  return `α = ${alpha}: ${r.verdict}${r.iterations === null ? "" : ` in ${r.iterations} steps`}`;
};

// (b), (c) The descent study.
const N = 64;
const ALPHA = 0.5;
const MINI = 8;
const DESCENT = `logistic regression on ${N} seeded points in 2-D (labels from a noisy line), ` +
  `rate α = ${ALPHA} for every variant, mini-batches of ${MINI}, samples shuffled each epoch ` +
  "(seed 1)";
/** The two cost models: the same measurements favour SGD in one and batch descent in the other. */
const COMPUTE_COST = "cost model (compute): training cost counted in per-sample gradient " +
  "evaluations, each one forward and one backward pass, whatever the hardware";
const PARALLEL_COST = "cost model (wall-clock on parallel hardware): a machine computes a " +
  "whole batch in the time of one sample (at least as many workers as the batch has " +
  "samples, communication ignored), so cost is counted in sequential updates, not in " +
  "gradient evaluations as under the compute model";

const descent = study(DESCENT, () => {
  const random = mulberry32(4);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < N; i++) {
    const [a, b] = [uniform(random, { low: -2, high: 2 }), uniform(random, { low: -2, high: 2 })];
    X.push([a, b]);
    y.push(a + 0.5 * b + uniform(random, { low: -1, high: 1 }) > 0 ? 1 : 0);
  }
  const problem = logisticRegression({ X, y }, { w0: [0, 0], b0: 0 });
  // The optimum by long full-batch descent at a large stable rate; the target is 99% of the
  // way from the start to it.
  const best = gradientDescent(problem, { learningRate: 8, epochs: 300 });
  const optimum = best.epochLosses.at(-1)!;
  const initial = best.initialLoss;
  const target = optimum + 0.01 * (initial - optimum);
  /** One variant's run: its counts, and the updates and evaluations to reach the target (or null). */
  const variant = (name: string, batchSize: number, epochs: number) => {
    const run = gradientDescent(problem, { learningRate: ALPHA, batchSize, epochs, seed: 1 });
    const epoch = run.epochLosses.findIndex((l) => l <= target);
    return {
      name,
      updatesPerEpoch: run.updates / epochs,
      evaluationsPerUpdate: run.gradientEvaluations / run.updates,
      reach: epoch < 0
        ? null
        : { updates: (epoch + 1) * Math.ceil(N / batchSize), evaluations: (epoch + 1) * N },
    };
  };
  const gradient = (indices?: number[], parameters?: number[]) =>
    batchGradient(problem, { indices, parameters }).gradient;
  const full = gradient();
  const norm = (g: ArrayLike<number>) => Math.hypot(...Array.from(g));
  /** Mean relative error |g_B − g| / |g| of the consecutive batches of `size` at the start. */
  const error = (size: number) => {
    let sum = 0;
    for (let k = 0; k < N / size; k++) {
      const g = gradient(Array.from({ length: size }, (_, i) => k * size + i));
      sum += norm(g.map((v, j) => v - full[j])) / norm(full);
    }
    return sum / (N / size);
  };
  const samples = Array.from({ length: N }, (_, i) => i);
  return {
    problem,
    optimum,
    initial,
    target,
    batch: variant("batch", N, 200),
    mini: variant("mini-batch", MINI, 40),
    sgd: variant("stochastic", 1, 40),
    error: { batch: error(N), mini: error(MINI), sgd: error(1) },
    /** Single-sample gradients pointing uphill for the whole-data loss, at the start. */
    uphill: samples.filter((i) => gradient([i]).reduce((s, v, j) => s + v * full[j], 0) < 0)
      .length,
    /** Mean norm of single-sample gradients at the optimum, where the full gradient is ~0. */
    sampleNorm: samples.reduce((s, i) => s + norm(gradient([i], best.parameters)), 0) / N,
    fullNorm: norm(gradient(undefined, best.parameters)),
  };
});

type Variant = ReturnType<typeof descent.read>["sgd"];

const reachText = (v: Variant) =>
  v.reach === null
    ? `${v.name}: target not reached`
    : `${v.name}: ${v.reach.updates} updates, ${v.reach.evaluations} gradient evaluations`;
const targetText = () => {
  const s = descent.read();
  const [target, initial, optimum] = [s.target, s.initial, s.optimum].map((v) => show(v));
  return `to reach a loss of ${target} (99% of the way from ${initial} to the optimum ${optimum})`;
};
/** Whether SGD needed more of `key` than batch descent to reach the target. */
const sgdNeedsMore = (key: "updates" | "evaluations") => {
  const { sgd, batch } = descent.read();
  return sgd.reach !== null && batch.reach !== null && sgd.reach[key] > batch.reach[key];
};
/** The measurement of 4b.sgd.many-steps and 4c.sgd.more-steps: SGD's updates against batch descent's. */
const moreUpdates = ({ sgd, batch }: { sgd: Variant; batch: Variant }) => ({
  holds: sgdNeedsMore("updates"),
  computed: `${targetText()}: ${reachText(sgd)}; ${reachText(batch)}`,
  agrees: `SGD needed ${
    sgd.reach && batch.reach ? (sgd.reach.updates / batch.reach.updates).toFixed(1) : "?"
  } times as many updates as batch gradient descent to get as close to the optimum`,
});

/** The measurement of 4c's definitions: one update from each batch of `size` samples. */
const perUpdate = (v: Variant, size: number) => ({
  holds: v.evaluationsPerUpdate === size && v.updatesPerEpoch === N / size,
  computed: `batch size ${size}: ${v.evaluationsPerUpdate} gradient evaluation${
    size === 1 ? "" : "s"
  } per update, ${v.updatesPerEpoch} updates per epoch`,
});

// (d) The depth study.
const DEPTH = 20;
const SEEDS = [0, 1, 2, 3, 4];
const CHAIN = `${DEPTH}-layer sigmoid chains of width 4, weights uniform in [−1, 1) ` +
  `(seeds ${SEEDS.join(", ")}), input (0.5, −0.25, 0.75, 0.25), objective the sum of the ` +
  "last layer's outputs; the auxiliary loss (weight 1) is injected at layer 10";
/** Per seed: first-layer / last-layer gradient norm, plain and residual; auxiliary / plain at layer 1. */
const depth = study(CHAIN, () => {
  const norms = (seed: number, architecture: "plain" | "residual" | "auxiliary") =>
    deepSigmoidChain([0.5, -0.25, 0.75, 0.25], randomChainWeights(DEPTH, 4, { seed }), {
      architecture,
    }).gradNorms;
  const ratio = (seed: number, architecture: "plain" | "residual") =>
    norms(seed, architecture)[0] / norms(seed, architecture)[DEPTH - 1];
  return {
    plain: SEEDS.map((seed) => ratio(seed, "plain")),
    residual: SEEDS.map((seed) => ratio(seed, "residual")),
    boost: SEEDS.map((seed) => norms(seed, "auxiliary")[0] / norms(seed, "plain")[0]),
  };
});
const range = (values: number[]) =>
  `${Math.min(...values).toExponential(1)} to ${Math.max(...values).toExponential(1)}`;

/** What an experiment measured, and whether it bears the statement out. */
interface Measurement {
  holds: boolean;
  computed: string;
  /** The reason when it holds, worded from the numbers. */
  agrees?: string;
  alternatives?: Reading[];
}

/** One experiment of question 4: what the sheet says, and how a study's measurement decides it. */
interface Experiment<S> extends Pick<Claim, "id" | "statement" | "stated"> {
  /** What the claim assumes beyond its study's setting. */
  assumptions?: string[];
  /** Reads the study: whether it bears the statement out, and what was measured. */
  measure: (study: S) => Measurement;
  /** The reason when it holds (unless `measure` words it from the numbers), and when not. */
  agrees?: string;
  disagrees: string;
}

/** The topic of a claim of question 4, by the second part of its id (4a: the learning rate). */
const TOPICS: Record<string, string> = {
  sgd: "stochastic gradient descent",
  minibatch: "mini-batch gradient descent",
  batch: "batch gradient descent",
  vanishing: "vanishing gradients",
  auxiliary: "auxiliary classifiers",
  skip: "skip connections",
};

/**
 * A claim of question 4 decided by `study`, assuming its setting; the chapter and topic
 * follow from the id: (a) learning rates, (b)–(c) descent, (d) depth.
 */
function experiment<S>(
  study: Study<S>,
  { measure, agrees, disagrees, assumptions = [], ...claim }: Experiment<S>,
): Claim {
  const [part, kind] = claim.id.split(".");
  const chapter: Chapter = part === "4a" ? "learning_rate" : part === "4d" ? "depth" : "descent";
  const topic = part === "4a" ? "learning rate" : TOPICS[kind];
  const check = (): Outcome => {
    const m = measure(study.read());
    const reason = { agrees: m.agrees ?? agrees ?? "", disagrees };
    return decide(m.holds, m.computed, reason, m.alternatives);
  };
  const all = [study.setting, ...assumptions];
  return { ...claim, question: "4", chapter, topic, assumptions: all, check };
}

export const claims: Claim[] = [
  experiment(rates, {
    id: "4a.optimal",
    statement: "A well-chosen learning rate converges fairly quickly.",
    stated: "An optimal learning rate converges fairly quickly",
    measure: (rows) => {
      const best = rows.filter((r) => r.iterations !== null)
        .sort((a, b) => a.iterations! - b.iterations!)[0];
      const fastest =
        `fastest rate α = ${best.learningRate} (= 1/L): ${best.verdict} in ${best.iterations} step(s)`;
      return {
        holds: best.learningRate === 1 && best.verdict === "converges quickly",
        computed: [fastest, rateText(0.5), rateText(1.5)].join("; "),
      };
    },
    agrees:
      "the best rate, α = 1/L, reaches the minimum in one step; rates near it converge within tens of steps",
    disagrees: "the best rate measured is not fast",
  }),
  experiment(rates, {
    id: "4a.small",
    statement: "Too small a learning rate takes too long to converge.",
    stated: "Too small of a learning rate takes too long to converge",
    measure: () => ({
      holds: rate(0.01).verdict === "converges slowly" &&
        (rate(0.01).iterations ?? 0) > 100 * rate(1).iterations!,
      computed: [rateText(0.01), rateText(0.1), rateText(1)].join("; "),
    }),
    agrees:
      "at α = 0.01 the error shrinks by only 1% per step: over a thousand steps where the best rate needs one",
    disagrees: "a small rate was not measurably slower",
  }),
  experiment(rates, {
    id: "4a.large",
    statement: "Too large a learning rate may fail to converge and even diverge.",
    stated: "Too large of a learning rate might not be able to converge and diverge",
    measure: () => ({
      holds: rate(2).verdict === "oscillates" && rate(2.5).verdict === "diverges",
      computed: [rateText(1.9), rateText(2), rateText(2.5)].join("; "),
    }),
    agrees:
      "at α = 2/L the iterate jumps between ±1 forever, and above 2/L it grows without bound; just below 2/L it still converges, slowly, hence 'might'",
    disagrees: "large rates still converged",
  }),
  experiment(descent, {
    id: "4b.sgd.cheap-steps",
    statement: "Each step of stochastic gradient descent is cheap to compute.",
    stated: "the amount of time it takes to compute a step is small",
    assumptions: [COMPUTE_COST],
    measure: ({ sgd, batch }) => ({
      holds: sgd.evaluationsPerUpdate === 1 && batch.evaluationsPerUpdate === N,
      computed:
        `gradient evaluations per update: stochastic ${sgd.evaluationsPerUpdate}, batch ${batch.evaluationsPerUpdate}`,
    }),
    agrees: `an SGD step needs one sample's gradient; a batch step needs all ${N}`,
    disagrees: "SGD steps were not cheaper",
  }),
  experiment(descent, {
    id: "4b.sgd.many-steps",
    statement: "Stochastic gradient descent needs many steps to converge.",
    stated: "the number of steps taken to reach convergence can be high",
    measure: moreUpdates,
    disagrees: "SGD did not need more updates than batch gradient descent",
  }),
  experiment(descent, {
    id: "4b.sgd.cost",
    statement:
      "SGD's many updates, each waiting for a forward and a backward pass of the whole network, make its training cost high.",
    stated:
      "the number of steps … can be high that leads to high training cost … the whole network needs to do a forward pass before doing another backpropagation",
    assumptions: [
      PARALLEL_COST,
      "'training cost' is read as the time of the sequential updates, the cost the sheet's reason names (each update waits for a forward and a backward pass after the previous one); the total computation is tried as the alternative",
    ],
    measure: ({ sgd, batch }) => {
      const counts = (key: "evaluations" | "updates") =>
        sgd.reach && batch.reach
          ? `${sgd.reach[key]} against batch descent's ${batch.reach[key]}`
          : "not reached";
      return {
        holds: sgdNeedsMore("updates"),
        computed: `${
          moreUpdates({ sgd, batch }).computed
        }. Every variant makes ${N} forward and backward passes per epoch`,
        agrees: [
          `counted in sequential updates, SGD needs ${counts("updates")} to reach the same loss,`,
          " and its updates cannot overlap: each waits for the forward and backward pass after the previous one.",
          ` Counted in per-sample gradient evaluations (total computation) SGD is cheaper here, ${
            counts("evaluations")
          },`,
          ` since an epoch costs ${N} passes for every variant and SGD gets ${N} updates from them instead of 1`,
        ].join(""),
        alternatives: [{
          reading:
            "cost counted in per-sample gradient evaluations: the total computation, whatever the hardware",
          computed: `stochastic ${counts("evaluations")} gradient evaluations`,
          reproduces: sgdNeedsMore("evaluations"),
        }],
      };
    },
    disagrees: "SGD did not need more sequential updates than batch gradient descent",
  }),
  experiment(descent, {
    id: "4b.sgd.noisy",
    statement:
      "SGD descends a different one-sample loss at each step, not the whole-data loss, so its steps wander.",
    stated:
      "the loss function in stochastic gradient descent changes at each iteration by only taking one data point",
    measure: (s) => ({
      holds: s.uphill > 0 && s.sampleNorm > 100 * s.fullNorm,
      computed: [
        `at the start ${s.uphill} of ${N} single-sample gradients point uphill for the whole-data loss`,
        `at the optimum the single-sample gradients have mean norm ${show(s.sampleNorm)} ` +
        `while the full gradient's norm is ${s.fullNorm.toExponential(1)}`,
      ].join("; "),
    }),
    agrees:
      "one sample's gradient often disagrees with the whole-data gradient, and does not vanish at the optimum, so SGD keeps moving",
    disagrees: "single-sample gradients matched the whole-data gradient",
  }),
  experiment(descent, {
    id: "4b.minibatch.middle",
    statement:
      "Mini-batch gradient descent is a middle ground: it uses a batch of points per step, and partly relieves SGD's problem.",
    stated:
      "A way to partly alleviate this problem is to use mini-batch gradient descent … computing the derivatives of a batch of data points",
    assumptions: [COMPUTE_COST],
    measure: ({ sgd, mini, batch }) => ({
      holds: batch.updatesPerEpoch < mini.updatesPerEpoch &&
        mini.updatesPerEpoch < sgd.updatesPerEpoch &&
        mini.reach !== null && sgd.reach !== null && batch.reach !== null &&
        mini.reach.updates < sgd.reach.updates && mini.reach.evaluations < batch.reach.evaluations,
      computed: [
        `updates per epoch: stochastic ${sgd.updatesPerEpoch}, mini-batch ${mini.updatesPerEpoch}, batch ${batch.updatesPerEpoch}`,
        `${targetText()}: ${reachText(mini)}`,
        reachText(sgd),
        reachText(batch),
      ].join("; "),
    }),
    agrees:
      "mini-batches needed far fewer updates than SGD and far fewer gradient evaluations than batch descent",
    disagrees: "mini-batch was not between the two",
  }),
  experiment(descent, {
    id: "4b.minibatch.aligned",
    statement: "A mini-batch's loss follows the whole-data loss more closely than one point's.",
    stated: "This allows the loss function to be better aligned with the global loss function",
    assumptions: [
      "alignment measured as the mean relative error |g_B − g|/|g| of the batch gradients at the start",
    ],
    measure: ({ error: e }) => ({
      holds: e.mini < e.sgd && e.batch < 1e-12,
      computed: `mean relative gradient error: ${
        [
          `one sample ${show(e.sgd)}`,
          `batch of ${MINI} ${show(e.mini)}`,
          `all ${N} ${e.batch.toExponential(1)}`,
        ].join(", ")
      }`,
    }),
    agrees: "the error falls as the batch grows",
    disagrees: "larger batches were not closer to the whole-data gradient",
  }),
  experiment(descent, {
    id: "4c.sgd.definition",
    statement:
      "Stochastic gradient descent updates the weights from one training sample's derivative.",
    stated:
      "Stochastic gradient descent is to use the derivative of the loss function for one training sample to update the weights",
    measure: ({ sgd }) => perUpdate(sgd, 1),
    agrees: "one sample's gradient per update",
    disagrees: "not one sample per update",
  }),
  experiment(descent, {
    id: "4c.minibatch.definition",
    statement:
      "Mini-batch gradient descent updates the weights from a batch of samples' derivatives.",
    stated:
      "Mini-batch gradient descent is to use the derivatives of the loss function for a batch of training samples to update the weights",
    measure: ({ mini }) => perUpdate(mini, MINI),
    agrees: "one batch's mean gradient per update",
    disagrees: "not one batch per update",
  }),
  experiment(descent, {
    id: "4c.batch.definition",
    statement:
      "Batch gradient descent computes each training sample's derivative and updates the weights 'respectively', which as written means once per sample.",
    stated:
      "(Batch) gradient descent is to calculate the derivatives of the loss function for each training sample and update the weights respectively",
    assumptions: [
      "'update the weights respectively' is read as written: one update per sample",
    ],
    measure: ({ problem }) => {
      const run = (batchSize?: number, seed?: number) =>
        gradientDescent(problem, { learningRate: ALPHA, batchSize, epochs: 1, seed });
      const [batch, perSample, onceFromAll] = [run(), run(1), run(N, 1)];
      const same = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-12);
      const params = (r: { parameters: number[] }) => r.parameters.map((v) => show(v)).join(", ");
      return {
        holds: same(perSample.parameters, batch.parameters),
        computed: [
          `one epoch of batch descent: ${batch.updates} update from ${batch.gradientEvaluations} gradients`,
          `the procedure described (update after each sample): ${perSample.updates} updates, ` +
          `parameters ${params(perSample)} instead of ${params(batch)}`,
        ].join("; "),
        alternatives: [{
          reading:
            "compute every derivative, then one update from their mean (the intended meaning, per the sheet's next sentence)",
          computed: `parameters ${params(onceFromAll)}`,
          reproduces: same(onceFromAll.parameters, batch.parameters),
        }],
      };
    },
    agrees: "the described procedure is batch descent",
    disagrees:
      "the wording as written (compute each training sample's derivative and update the weights respectively) describes an update per sample, which is stochastic gradient descent (in data order), not batch descent; the sheet's next sentence ('gradient descent computes the gradient using the whole dataset') shows the intended meaning, which is the reading that reproduces batch descent: compute every derivative, then one update from their mean",
  }),
  experiment(descent, {
    id: "4c.batch.accurate",
    statement:
      "Batch gradient descent's gradient is exact for the whole data but costs the most per update.",
    stated:
      "gradient descent computes the gradient using the whole dataset, it is more accurate but also more computationally expensive",
    assumptions: [COMPUTE_COST],
    measure: ({ error, batch }) => ({
      holds: error.batch < 1e-12 && batch.evaluationsPerUpdate === N,
      computed: `relative gradient error ${error.batch.toExponential(1)}; ` +
        `${batch.evaluationsPerUpdate} gradient evaluations per update`,
    }),
    agrees: "exact gradient, N evaluations per update",
    disagrees: "not exact or not costlier",
  }),
  experiment(descent, {
    id: "4c.sgd.inaccurate",
    statement: "SGD's one-sample gradient is less accurate but cheaper to compute.",
    stated:
      "stochastic gradient descent computes the gradient using a single sample, it is less accurate … but is more computationally inexpensive",
    assumptions: [COMPUTE_COST],
    measure: ({ error, sgd }) => ({
      holds: error.sgd > error.batch && sgd.evaluationsPerUpdate === 1,
      computed: `relative gradient error ${show(error.sgd)}; 1 gradient evaluation per update`,
    }),
    agrees: "a one-sample gradient is off by a large fraction and costs one evaluation",
    disagrees: "not less accurate",
  }),
  experiment(descent, {
    id: "4c.sgd.more-steps",
    statement:
      "Working from single samples, SGD takes more steps to reach weights good for the whole dataset.",
    stated: "it takes more steps to find a gradient that works for the whole dataset",
    measure: moreUpdates,
    disagrees: "SGD did not take more updates",
  }),
  experiment(descent, {
    id: "4c.minibatch.approximation",
    statement:
      "Mini-batches approximate the whole-data loss better than one sample without computing the whole dataset's gradient.",
    stated:
      "This allows for a better approximation of the global loss function but does not require to compute gradient of the whole dataset",
    assumptions: [COMPUTE_COST],
    measure: ({ error, mini }) => ({
      holds: error.mini < error.sgd && mini.evaluationsPerUpdate < N,
      computed: [
        `relative gradient error: one sample ${show(error.sgd)}, ` +
        `batch of ${MINI} ${show(error.mini)}`,
        `${mini.evaluationsPerUpdate} of ${N} gradients per update`,
      ].join("; "),
    }),
    agrees: "closer than one sample, at an eighth of the cost of the full gradient",
    disagrees: "no better than one sample",
  }),
  experiment(descent, {
    id: "4c.minibatch.parallel",
    statement:
      "On parallel hardware, computing a mini-batch can cost the same time as computing one sample.",
    stated:
      "the cost to compute a batch of training samples can be the same as the cost to compute one training sample",
    assumptions: [PARALLEL_COST, `here: at least ${MINI} parallel workers`],
    measure: ({ problem, mini, sgd }) => {
      // The per-sample gradients of one batch all read the same parameters, so none waits
      // for another: computed in reverse order they give the same batch gradient.
      const indices = Array.from({ length: MINI }, (_, i) => i);
      const forward = batchGradient(problem, { indices }).gradient;
      const backward = batchGradient(problem, { indices: [...indices].reverse() }).gradient;
      return {
        holds: forward.every((v, i) => Math.abs(v - backward[i]) < 1e-15),
        computed:
          `a batch's ${MINI} gradients are independent (any order gives the same mean); with ${MINI} workers an epoch takes ${mini.updatesPerEpoch} sequential rounds for mini-batch against ${sgd.updatesPerEpoch} for SGD`,
      };
    },
    agrees:
      "the samples of a batch can be processed at once, so one batch costs one sample's time when there are enough workers",
    disagrees: "the samples of a batch depend on each other",
  }),
  experiment(depth, {
    id: "4d.vanishing",
    statement: "In very deep networks the gradients reaching the first layers vanish.",
    stated: "the issue of vanishing gradients when the networks get very deep",
    measure: ({ plain }) => ({
      holds: Math.max(...plain) < 1e-6,
      computed: `first-layer gradient norm / last-layer norm, plain chain: ${range(plain)}`,
    }),
    agrees: "the first layer's gradient is smaller than the last's by far more than a million",
    disagrees: "the gradient did not vanish",
  }),
  experiment(depth, {
    id: "4d.auxiliary",
    statement:
      "GoogLeNet's auxiliary classifiers inject the loss at intermediate layers, which counters vanishing gradients.",
    stated:
      "GoogleNet uses auxiliary classifiers in different layers in the network to inject the loss function at intermediate layers",
    measure: ({ boost }) => ({
      holds: Math.min(...boost) > 100,
      computed: `first-layer gradient norm with the auxiliary loss / without: ${range(boost)}`,
    }),
    agrees:
      "the injected loss reaches the first layer through 10 layers instead of 20, making its gradient orders of magnitude larger",
    disagrees: "the auxiliary loss did not enlarge the early gradients",
  }),
  experiment(depth, {
    id: "4d.skip",
    statement: "ResNet's skip connections pass the gradient back without it being diminished.",
    stated:
      "Resnet uses skip connections to allow gradient from the previous layers to be passed on without being diminished by local gradients",
    measure: ({ residual, plain }) => ({
      holds: Math.min(...residual) > 1e-2,
      computed: `first-layer / last-layer gradient norm: residual ${range(residual)}; ` +
        `plain ${range(plain)}`,
    }),
    agrees:
      "with skip connections the first layer's gradient stays within two orders of magnitude of the last's",
    disagrees: "the residual chain's gradient still vanished",
  }),
];
