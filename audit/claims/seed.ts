/**
 * The claims of the seed document, a worked solution sheet for a neural-networks course
 * (the file 000_6c13d2aa68a8a4ca.txt): every worked answer of its five questions, each
 * with the code that checks it. `deno task audit` audits this module by default.
 *
 * @module
 */
import type { Claim } from "../model.ts";
import { claims as q1 } from "./seed/q1.ts";
import { claims as q2 } from "./seed/q2.ts";
import { claims as q3 } from "./seed/q3.ts";
import { claims as q4 } from "./seed/q4.ts";
import { claims as q5 } from "./seed/q5.ts";

/** The document audited. */
export const document = "the seed solution sheet (000_6c13d2aa68a8a4ca.txt)";

/** Every claim, question by question. */
export const claims: Claim[] = [...q1, ...q2, ...q3, ...q4, ...q5];
