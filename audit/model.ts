/**
 * The claim model of the audit.
 *
 * A claim is one worked answer of a document: what it says (a paraphrase), what it
 * wrote (the stated answer, with its digits), the assumptions needed where the sheet
 * leaves the question implicit, and a `check` that recomputes the answer with nnspec and
 * returns an {@linkcode Outcome}: the computed answer, the verdict and the reason, the
 * alternative readings tried, and for a formula claim the counterexample and its seed.
 *
 * A claims module is any ES module exporting `document` (a title) and `claims` (an array
 * of {@linkcode Claim}); `deno task audit --claims PATH_OR_URL` audits it.
 *
 * @module
 */

/** The two verdicts: the stated answer agrees with the mathematics, or it does not. */
export type Verdict = "agrees" | "disagrees";

/**
 * The chapters of nnspec (one per lib/ module) a claim belongs to; the site links each
 * claim to the chapter of this name.
 */
export type Chapter =
  | "activations"
  | "neuron"
  | "losses"
  | "convolution"
  | "pooling"
  | "shapes"
  | "summary"
  | "dense"
  | "gradcheck"
  | "network"
  | "descent"
  | "learning_rate"
  | "depth"
  | "optimizers"
  | "normalization"
  | "regularization"
  | "recurrent"
  | "attention";

/** Every chapter name, for validating claims modules. */
export const CHAPTERS: readonly Chapter[] = [
  "activations",
  "neuron",
  "losses",
  "convolution",
  "pooling",
  "shapes",
  "summary",
  "dense",
  "gradcheck",
  "network",
  "descent",
  "learning_rate",
  "depth",
  "optimizers",
  "normalization",
  "regularization",
  "recurrent",
  "attention",
];

/** One alternative reading of a stated answer, and whether it reproduces it. */
export interface Reading {
  /** The reading in words, e.g. "logarithm base 2". */
  reading: string;
  /** What the mathematics gives under this reading. */
  computed: string;
  /** Whether this reading gives the stated answer. */
  reproduces: boolean;
}

/** A point where a transcribed formula and the true value differ (formula claims only). */
export interface Counterexample {
  /** The inputs, small dyadic numbers a person can recompute by hand. */
  values: Record<string, number>;
  /** The document's expression evaluated at `values`. */
  stated: number;
  /** The true value at `values` (from the library). */
  expected: number;
  /** An independent value at `values` (central finite differences), when there is one. */
  reference?: number;
}

/** What a claim's check returns. */
export interface Outcome {
  /** The computed answer, rendered for reading (at the stated precision where it has one). */
  computed: string;
  /** Whether the stated answer agrees with the computed one. */
  verdict: Verdict;
  /** Why: the comparison made, or the experiment and its measured outcome. */
  reason: string;
  /** Alternative readings tried (for a disagreement: which one reproduces the stated answer). */
  alternatives?: Reading[];
  /** For a formula claim that disagrees: the shrunk counterexample. */
  counterexample?: Counterexample | null;
  /** For a property-checked claim: the fast-check seed of the run. */
  seed?: number | null;
}

/** How a check is run: the fast-check seed and number of runs. */
export interface CheckContext {
  /** The fast-check seed; the audit's default is fixed, so reports are reproducible. */
  seed: number;
  /** How many random cases a property check draws. */
  numRuns: number;
}

/** One worked answer of a document, with the code that checks it. */
export interface Claim {
  /** Question and part, e.g. `1b.bce.value`, `3.conv1.params`; unique in its module. */
  id: string;
  /** The question number as the document numbers it, e.g. `"1"`. */
  question: string;
  /** What the answer is about, in a few words, e.g. "binary cross-entropy". */
  topic: string;
  /** The nnspec chapter that explains the mathematics. */
  chapter: Chapter;
  /** The statement paraphrased (in the auditor's words, not the document's). */
  statement: string;
  /** The answer as the document writes it (numbers with their stated digits). */
  stated: string;
  /**
   * Optional: the stated answer as LaTeX (KaTeX-compatible, without `$` delimiters),
   * transcribed in the document's own notation, e.g.
   * `\varphi(x) = \frac{1}{1 + e^{-x}}`. The Markdown report and the site typeset it;
   * the text report keeps the plain `stated`. When given it must be a non-empty string.
   */
  statedTex?: string;
  /** What had to be assumed where the document leaves the question implicit. */
  assumptions: string[];
  /**
   * Optional: what kind of disagreement this is when it disagrees (default `error`):
   * `slip` for notation or wording that does not change the answer, `depends` when the
   * question's readings disagree.
   */
  kind?: Kind;
  /** Optional: the key of the distinct mistake this claim shares with others. */
  group?: string;
  /** Optional: why the sheet is wrong, in one line (shown in the list of distinct mistakes). */
  why?: string;
  /** Recomputes the answer and decides the verdict. */
  check: (context: CheckContext) => Outcome;
}

/**
 * The kinds of disagreement: an `error` changes the answer; a `slip` is notation or
 * wording that does not; `depends` means the question's readings give different answers.
 */
export type Kind = "error" | "slip" | "depends";

/** A catalogue mistake that reproduces a stated answer (see lib/mistakes.ts). */
export interface MistakeMatch {
  /** The library function the mistake is made in, e.g. `denseParameterCount`. */
  function: string;
  /** The mistake's id, e.g. `bias-omitted`. */
  id: string;
  /** The mistake in a few words. */
  name: string;
  /** Why students make it. */
  why: string;
  /**
   * `depends` when the catalogue marks it a convention (momentum as an average, classic
   * dropout): the stated answer is right under that convention; absent for an error.
   */
  kind?: "depends";
  /** When it reproduces the answer only together with a second mistake: that one. */
  with?: { function: string; id: string; name: string; why: string; kind?: "depends" };
}

/** One distinct mistake of a sheet: the disagreements that share it. */
export interface MistakeGroup {
  /** The group's key: a catalogue mistake (`denseParameterCount/bias-omitted`), a sheet's `group`, or a claim id. */
  key: string;
  /** The mistake in a few words. */
  title: string;
  /** Its kind (the most serious of its claims': error before depends before slip). */
  kind: Kind;
  /** The ids of the claims that share it, in report order. */
  claims: string[];
  /**
   * The ids of later claims that carry it forward (built on a wrong stated value; see
   * `consequenceOf`), in report order; absent when there are none.
   */
  consequences?: string[];
  /** The correct answer (the first claim's computed value). */
  correct: string;
  /** The correct answer in LaTeX, when the sheet gives it. */
  correctTex: string | null;
  /** Why, in one line. */
  why: string;
}

/** A question of the sheet: its text where known, and whether it was reconstructed. */
export interface QuestionInfo {
  /** The question's text, or null when the sheet has only the answer. */
  text: string | null;
  /** True when the text was inferred from the answer, not given by the sheet. */
  reconstructed: boolean;
  /** The sheet's own prose under the question's heading (shown as context), or null. */
  context?: string | null;
}

/**
 * The data fields of a claim (everything but `check`), as the report copies them; what
 * crosses from a confined claims module to the report.
 */
export type ClaimFields = Omit<Claim, "check">;

/** One claim in a report: the JSON schema of `deno task audit --format json`. */
export interface ClaimReport {
  /** The claim's id, e.g. `1b.bce.value`. */
  id: string;
  /** The question number. */
  question: string;
  /** What the answer is about, in a few words. */
  topic: string;
  /** The nnspec chapter (lib module) that explains the mathematics. */
  chapter: string;
  /** The statement, paraphrased. */
  statement: string;
  /** The answer as the document writes it. */
  stated: string;
  /** The stated answer as LaTeX (no delimiters), or null when the claim gives none. */
  statedTex: string | null;
  /** The answer as the library computes it (or the experiment's measurements). */
  computed: string;
  /** `agrees` or `disagrees`. */
  verdict: Verdict;
  /** Why the verdict is what it is. */
  reason: string;
  /** What had to be assumed where the document is implicit. */
  assumptions: string[];
  /** The alternative reading that reproduces the stated answer, or null. */
  reproducedBy: string | null;
  /** Every alternative reading tried. */
  alternatives: Reading[];
  /** For a formula claim that disagrees: inputs where the formula and the truth differ. */
  counterexample: Counterexample | null;
  /** For a property-checked claim: the fast-check seed (replay with `--replay ID --seed N`). */
  seed: number | null;
  /** For a disagreement: `error`, `slip` or `depends`; null when the claim agrees. */
  kind: Kind | null;
  /** Catalogue mistakes that reproduce the stated answer (empty when none does or it agrees). */
  mistakes: MistakeMatch[];
  /**
   * For a disagreement: `reproduced` (one known mistake or reading reproduces it),
   * `ambiguous` (several do), `none` (no known mistake reproduces it); null when it agrees.
   */
  diagnosis: "reproduced" | "ambiguous" | "none" | null;
  /** For a disagreement: the key of its {@linkcode MistakeGroup}; null when it agrees. */
  group: string | null;
  /** For a sheet claim: the line of the sheet it comes from (1-based), else null. */
  line: number | null;
  /**
   * For a disagreement carried forward: the id of the earlier disagreeing claim whose stated
   * value reproduces this claim's stated answer (the claim is listed under that mistake as a
   * consequence); absent otherwise.
   */
  consequenceOf?: string;
  /** For a scanned notebook: the cell (1-based) the step is in (its line counts in the cell). */
  cell?: number;
  /** For a scanned step: the earlier wrong step whose stated value it uses (its consequence). */
  carriedFrom?: string;
}

/** A claim that could not be checked: which module, which claim, which field, and why. */
export interface AuditError {
  /** The claims module (path or URL). */
  module: string;
  /** The claim id (or its index as `#3` when the id itself is missing); null for the module. */
  claim: string | null;
  /** For a sheet: the line (1-based) the error is on; absent for a module. */
  line?: number;
  /** The missing or invalid field, or `check` when the check threw; null for the module. */
  field: string | null;
  /** A sentence naming the module, the claim and the field. */
  message: string;
}

/** Why a step of a scanned sheet was not checked (the categories counted in `skippedBy`). */
export type ScanSkipReason =
  | "definition"
  | "undefined symbol"
  | "words"
  | "cannot parse"
  | "unsupported"
  | "not a number"
  | "no left side"
  | "no equation"
  | "limit";

/** One step (or fragment) of a scanned sheet that was not checked, and why. */
export interface ScanSkip {
  /** The step's id (`L42.2`: line 42, second step on it), or `L42` for a whole fragment. */
  id: string;
  /** The line of the file. */
  line: number;
  /** The step as written (`left = right`), or the fragment's start. */
  step: string;
  /** The category. */
  reason: ScanSkipReason;
  /** A sentence saying what exactly (the undefined symbol, the parse error, the limit). */
  detail: string;
}

/**
 * What `deno task audit --scan` found in a sheet: math fragments, equation steps (one per
 * `=` of a chain), how many were checked, agree and disagree, and every skipped step with
 * its reason. Present only in a scan's report.
 */
export interface ScanSummary {
  /** Math fragments found (`$…$`, `$$…$$`, `\[…\]`, environments). */
  fragments: number;
  /** Steps found: each `=` of each chain. */
  steps: number;
  /** Steps whose two sides evaluated and were compared (the report's claims). */
  checked: number;
  /** Checked steps that agree. */
  agrees: number;
  /** Checked steps that disagree. */
  disagrees: number;
  /**
   * Steps not checked, and the fragments with no step to check (unreadable, or with no `=`),
   * so `checked + skipped` is `steps` plus those fragments.
   */
  skipped: number;
  /** The skipped steps counted by reason. */
  skippedBy: Partial<Record<ScanSkipReason, number>>;
  /** Every skipped step, in document order. */
  skips: ScanSkip[];
  /** How a bare `\log` is read for the verdicts, and the document's conventions that say so. */
  logReading: { reading: "ln" | "log2" | "log10"; words: string; why: string } | null;
  /**
   * Steps read as formulas, derivatives or course quantities (audit/scan/meaning): what each
   * was read as and the words and numbers the reading used. Absent when none was.
   */
  lifts?: ScanLift[];
}

/** One step the scan read as more than arithmetic, with its evidence. */
export interface ScanLift {
  /** The step's id (`L146.1`). */
  id: string;
  /** What it was read as, e.g. "a dense layer from 160 to 10 units". */
  readAs: string;
  /** The words and numbers used. */
  evidence: string[];
}

/** A whole audit report. */
export interface Report {
  /** The document audited (the claims module's `document`). */
  document: string;
  /** Where the claims came from (path or URL). */
  module: string;
  /** One report per claim checked, in the module's order. */
  claims: ClaimReport[];
  /** Claims (or the module) that could not be checked. */
  errors: AuditError[];
  /** The distinct mistakes: disagreements grouped by the mistake they share, in report order. */
  groups: MistakeGroup[];
  /** The questions by id, with their text where the sheet gives it. */
  questions: Record<string, QuestionInfo>;
  /** Counts: claims reported, how many agree and disagree, and the errors. */
  summary: { claims: number; agrees: number; disagrees: number; errors: number };
  /** For a scanned sheet (`--scan`): the steps found, checked and skipped by reason. */
  scan?: ScanSummary;
}
