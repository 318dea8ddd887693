/**
 * Cuts one exported declaration out of a lib/ file, so a chapter can show the code that
 * implements a formula next to the formula. `deno doc --json` says where each declaration
 * starts; this scanner finds where it ends (the closing brace of a body, or the `;` of a
 * type or constant) and where a function's signature ends (the brace that opens its body),
 * skipping strings, template literals, comments and regular expressions.
 *
 * @module
 */

/** The text of one declaration and its line range in the file (1-based, inclusive). */
export interface Declaration {
  /** The whole declaration, from its first keyword to its closing brace or semicolon. */
  text: string;
  /** The head only: for a function or class, everything before the body's brace. */
  signature: string;
  /** First line, 1-based. */
  startLine: number;
  /** Last line, 1-based. */
  endLine: number;
}

const BODY_KINDS = new Set(["function", "class", "interface", "enum", "namespace"]);

/**
 * Finds the declaration that starts at `line` (1-based) of `source`.
 *
 * @param source The file's text.
 * @param line The 1-based line where the declaration starts (from `deno doc --json`).
 * @param kind The declaration kind from `deno doc --json` (`function`, `class`, ...).
 */
export function declarationAt(source: string, line: number, kind: string): Declaration {
  const lines = source.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
  const hasBody = BODY_KINDS.has(kind);
  const stack: string[] = [];
  let bodyStart = -1;
  let end = source.length;
  let lastSignificant = "";
  let i = start;
  const closers: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  scan: while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && next === "*") {
      const close = source.indexOf("*/", i + 2);
      i = close < 0 ? source.length : close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < source.length && source[i] !== c) i += source[i] === "\\" ? 2 : 1;
      i++;
      lastSignificant = c;
      continue;
    }
    if (c === "`" || (c === "}" && stack[stack.length - 1] === "${")) {
      if (c === "}") stack.pop();
      i++;
      while (i < source.length && source[i] !== "`") {
        if (source[i] === "\\") i += 2;
        else if (source[i] === "$" && source[i + 1] === "{") {
          stack.push("${");
          i += 2;
          continue scan;
        } else i++;
      }
      i++;
      lastSignificant = "`";
      continue;
    }
    if (c === "/" && /[(,=:[!&|?{};]|^$/.test(lastSignificant)) {
      // A regular expression literal.
      i++;
      let inClass = false;
      while (i < source.length && (source[i] !== "/" || inClass)) {
        if (source[i] === "\\") i++;
        else if (source[i] === "[") inClass = true;
        else if (source[i] === "]") inClass = false;
        i++;
      }
      i++;
      lastSignificant = "/";
      continue;
    }
    if (c === "(" || c === "[" || c === "{") {
      if (
        c === "{" && hasBody && bodyStart < 0 && stack.length === 0 &&
        !/[:|&<,=]/.test(lastSignificant)
      ) {
        bodyStart = i;
      }
      stack.push(c);
    } else if (c in closers) {
      stack.pop();
      if (c === "}" && stack.length === 0 && bodyStart >= 0) {
        end = i + 1;
        break;
      }
    } else if (c === ";" && stack.length === 0) {
      end = i + 1;
      break;
    }
    if (!/\s/.test(c)) lastSignificant = c;
    i++;
  }
  const text = source.slice(start, end);
  const signature = bodyStart >= 0
    ? source.slice(start, bodyStart).trimEnd()
    : text.replace(/;$/, "");
  const startLine = line;
  const endLine = line + (text.match(/\n/g)?.length ?? 0);
  return { text, signature, startLine, endLine };
}
