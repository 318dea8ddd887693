/**
 * A marker's notation rewritten into the parser's, side by side, before the Compute Engine
 * reads a side: each rule below names what a sheet writes and what it means.
 *
 * Names (the convention every stage relies on): a name of two or more letters followed by a
 * subscript, or of three or more letters, is one symbol, written `\mathrm{…}` so the parser
 * reads it whole: `net_{h1}` becomes `\mathrm{net}_{h1}`, which the parser calls `net_h1`;
 * `out_{o1}` is `out_o1`, `E_{total}` is `E_total`, `\hat y` is `\hat{y}`. The symbol a
 * definition makes is the parser's name of its left side, so `net_{h1}` defined on one line
 * is the same symbol wherever the sheet writes it again.
 *
 * @module
 */

/** Strips a part label (`\text{(b) }`, `(b) \quad`) and trailing marks (`*`, `.`, `,`). */
export function cleanSide(tex: string): string {
  let s = tex.trim();
  s = s.replace(/^\\text\{\s*\(?[a-z0-9ivx]{1,4}\)\s*\}\s*/i, "");
  s = s.replace(/^\(([a-z]|[ivx]{1,4})\)\s*(?:\\quad|\\qquad|~)\s*/i, "");
  s = s.replace(/(?:\s*(?:\*|\\quad|\\qquad|\\[,;!]|[.,:;]))+$/, "");
  return s.trim();
}

const UNICODE: [RegExp, string][] = [
  [/[−–]/g, "-"],
  [/×/g, "\\times "],
  [/÷/g, "\\div "],
  [/[⋅·∙]/g, "\\cdot "],
  [/√/g, "\\sqrt "],
  [/≤/g, "\\le "],
  [/≥/g, "\\ge "],
  [/σ/g, "\\sigma "],
  [/η/g, "\\eta "],
  [/α/g, "\\alpha "],
  [/β/g, "\\beta "],
  [/λ/g, "\\lambda "],
  [/δ/g, "\\delta "],
  [/θ/g, "\\theta "],
  [/π/g, "\\pi "],
  [/φ/g, "\\varphi "],
  [/ŷ/g, "\\hat{y}"],
];
const SUPERSCRIPTS: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
  "⁻": "-",
};

/** Unicode operators, letters and superscripts in LaTeX. */
function unicode(tex: string): string {
  let s = tex;
  for (const [from, to] of UNICODE) s = s.replace(from, to);
  return s.replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (m) => `^{${[...m].map((c) => SUPERSCRIPTS[c]).join("")}}`);
}

const EMPHASIS =
  /\\(?:boxed|textbf|mathbf|boldsymbol|bm|underline|fbox|textcolor\{[A-Za-z]{1,20}\}|colorbox\{[A-Za-z]{1,20}\})\s*\{([^{}]*)\}/g;

/**
 * Emphasis around a value (`\boxed{3}`, `\mathbf{-2}`, `\textcolor{red}{0.5}`, `{\color{red}
 * 0.5}`) is grouping; `\mathbf{W}` around a name stays a name.
 */
function emphasis(tex: string): string {
  let s = tex.replace(/\\color\{[A-Za-z]{1,20}\}/g, "");
  for (let k = 0; k < 4; k++) {
    const next = s.replace(EMPHASIS, (whole, inner: string) => {
      const isName = /^\s*[A-Za-z]\s*$/.test(inner) && !/^\\(?:boxed|textbf|fbox)/.test(whole);
      return isName ? whole : `{${inner}}`;
    });
    if (next === s) break;
    s = next;
  }
  return s;
}

/** Thousands separators (`18,496`, `25{,}088`, `25\,088`) and thin spaces in numbers. */
function thousands(tex: string): string {
  return tex
    .replace(/(\d)\{,\}(?=\d{3}(?!\d))/g, "$1")
    .replace(/(\d)\\[,;:! ](?=\d{3}(?!\d))/g, "$1")
    .replace(/(?<![\d.])(\d{1,3}),(?=\d{3}(?![\d.]))/g, "$1")
    .replace(/(\d),(?=\d{3}(?![\d.]))/g, "$1")
    // any other thin or medium space (`\tfrac{1}{2}\,(0.2167)^2`) is a space, not an operation
    .replace(/\\[,;:!](?![A-Za-z])/g, " ");
}

/** `.` and `*` between factors, and a number before a bracket, are products. */
function products(tex: string): string {
  return tex
    .replace(/(\)|\\right\))\s*\.\s*(?=\(|\\left\(|\d|-)/g, "$1\\cdot ")
    .replace(/(\d)\s+\.\s+(?=[\d(-])/g, "$1\\cdot ")
    .replace(/\*/g, "\\cdot ")
    .replace(/(?<![_^\d.])(\d+(?:\.\d+)?)\s*(?=\\left\(|\()/g, "$1\\cdot ");
}

const SCALE_WORDS: Record<string, string> = {
  thousand: "\\times 10^{3}",
  million: "\\times 10^{6}",
  billion: "\\times 10^{9}",
};

/** A unit or scale word after the value (`\text{ parameters}`, `\text{ million}`). */
function units(tex: string): string {
  return tex.replace(
    /(?<=[\d})])\s*(?:\\[,;! ]|~)*\\(?:text|mathrm|textrm|mbox)\s*\{\s*([A-Za-z][A-Za-z .%-]{0,40})\}\s*$/,
    (whole, word: string) => {
      const scale = SCALE_WORDS[word.trim().toLowerCase()];
      if (scale) return ` ${scale}`;
      return /[A-Za-z]{2,}|%/.test(word) ? "" : whole;
    },
  );
}

const FUNCTIONS: Record<string, string> = {
  exp: "\\exp",
  ln: "\\ln",
  log: "\\log",
  tanh: "\\tanh",
  max: "\\max",
  min: "\\min",
  sigmoid: "\\operatorname{sigmoid}",
  relu: "\\operatorname{ReLU}",
  ReLU: "\\operatorname{ReLU}",
  softmax: "\\operatorname{softmax}",
};
/** Macros whose braced argument is a name or words, copied as they are. */
const VERBATIM = /^(?:text|mathrm|operatorname|textrm|mathit|mathsf|mbox|begin|end|color)$/;

/** Multi-letter names as single symbols (see the module comment). */
export function names(tex: string): string {
  let out = "";
  let i = 0;
  while (i < tex.length) {
    const c = tex[i];
    if (c === "\\") {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i, i + 40));
      const command = m ? m[0] : "\\";
      out += command;
      i += command.length;
      if (m && VERBATIM.test(m[1]) && tex[i] === "{") {
        const close = tex.indexOf("}", i);
        const end = close < 0 ? tex.length : close + 1;
        out += tex.slice(i, end);
        i = end;
      }
      continue;
    }
    const word = /^[A-Za-z]+/.exec(tex.slice(i, i + 60))?.[0];
    if (!word) {
      out += c;
      i++;
      continue;
    }
    const subscript = tex[i + word.length] === "_";
    if (FUNCTIONS[word]) out += FUNCTIONS[word];
    else if (word.length >= 3 || (word.length === 2 && subscript)) out += `\\mathrm{${word}}`;
    else out += word;
    i += word.length;
  }
  return out.replace(/\\(hat|bar|tilde|vec|dot)\s+([A-Za-z])/g, "\\$1{$2}");
}

/**
 * Names written the way notes write them: a letter and digits `w5`, `z1` are `w_{5}`, `z_{1}`
 * (never w × 5); a subscript of letters and digits `out_y2` is `out_{y2}`; a partial
 * derivative `\frac{\partial E_{total}}{\partial w5}` is one symbol, `dE_total/dw_5` written
 * `\operatorname{dEtotal\_dw5}`, so a chain rule written with the sheet's earlier values can
 * be checked.
 */
function indexed(tex: string): string {
  return tex
    .replace(
      /(?<![\\A-Za-z\d.])([A-Za-z])(\d{1,3})(?![\d.])/g,
      (m, letter: string, digits: string, at: number) =>
        letter === "e" && /\d$/.test(tex.slice(0, at)) ? m : `${letter}_{${digits}}`,
    )
    .replace(/(?<!\\)_([A-Za-z]+\d+|\d+[A-Za-z]+)(?![A-Za-z\d])/g, "_{$1}");
}

const PARTIAL =
  /\\frac\s*\{\s*\\partial\s*((?:[^{}]|\{[^{}]*\})*)\}\s*\{\s*\\partial\s*((?:[^{}]|\{[^{}]*\})*)\}/g;

function derivatives(tex: string): string {
  const plain = (s: string) =>
    s.replace(/\\(?:hat|bar|tilde)/g, "hat").replace(/\\mathrm|\\text/g, "").replace(
      /[^A-Za-z0-9]/g,
      "",
    );
  return tex.replace(
    PARTIAL,
    (_m, top: string, bottom: string) => `\\operatorname{d${plain(top)}\\_d${plain(bottom)}}`,
  );
}

/** `\text{ReLU}`, `\mathrm{sigmoid}`: a function's name written as words is the function. */
function functionWords(tex: string): string {
  return tex
    .replace(
      /\\(?:text|mathrm|textrm|mathit)\s*\{\s*(ReLU|relu|sigmoid|softmax)\s*\}/g,
      "\\operatorname{$1}",
    )
    .replace(/\\(?:text|mathrm|textrm)\s*\{\s*(tanh|exp|ln|max|min)\s*\}/g, "\\$1");
}

/** `\delta_{…}` is a name (an error term), not the Kronecker delta the parser reads. */
function deltas(tex: string): string {
  return tex.replace(/\\(delta|Delta)(?![A-Za-z])\s*(?=_)/g, "\\mathrm{$1}");
}

/** Every rewrite, in order: what the parser reads for a side the sheet wrote. */
export function normalize(tex: string): string {
  return names(
    indexed(
      derivatives(
        products(thousands(units(functionWords(emphasis(deltas(unicode(cleanSide(tex)))))))),
      ),
    ),
  );
}
