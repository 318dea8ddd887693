/**
 * Reading a sheet for `deno task audit --scan FILE_OR_URL`: a path or an `http(s):`/`file:`
 * URL, refused when over the scan's size limit or not UTF-8 text, so the CLI can report a
 * sentence and exit 2 instead of a stack trace. The scan itself is `audit/scan/mod.ts` (pure).
 *
 * @module
 */
import { draftSheet, MAX_BYTES, scanText } from "./mod.ts";
import type { Report } from "../model.ts";
import { readCapped, ReadError } from "../_read_capped.ts";

/** How long reading a document to scan may take, a file or a URL (ms). */
export const SCAN_READ_TIMEOUT_MS = 30_000;

/** The text of a sheet, or the sentence saying why it cannot be read. */
export async function readSheet(
  specifier: string,
  cwd: string,
): Promise<{ text: string } | { error: string }> {
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier);
  let bytes: Uint8Array;
  try {
    const source = isUrl
      ? specifier
      : specifier.startsWith("/")
      ? specifier
      : `${cwd}/${specifier}`;
    bytes = await readCapped(source, MAX_BYTES, SCAN_READ_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ReadError && error.reason === "size") {
      return { error: tooLarge(specifier, error.size ?? MAX_BYTES + 1) };
    }
    if (error instanceof ReadError && error.reason === "status") {
      return { error: `cannot read ${specifier}: HTTP ${error.status}` };
    }
    return { error: `cannot read ${specifier}: ${(error as Error)?.message ?? error}` };
  }
  if (bytes.length > MAX_BYTES) return { error: tooLarge(specifier, bytes.length) };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { error: `cannot scan ${specifier}: it is binary data, not UTF-8 text` };
  }
}

function tooLarge(specifier: string, size: number): string {
  return `cannot scan ${specifier}: ${size} bytes, over the scan limit of ${MAX_BYTES} bytes (a solution sheet is a few kilobytes)`;
}

/**
 * Runs `--scan` (and `--draft`): the report, the draft's Markdown when asked, and the exit
 * status (0 ran; 1 with `failOnDisagree` and a disagreement; 2 when the sheet is unreadable).
 */
export async function scanCommand(
  options: { scan: string; draft?: string; failOnDisagree: boolean },
  cwd: string,
): Promise<{ report: Report; draft: string | null; code: number }> {
  const read = await readSheet(options.scan, cwd);
  if ("error" in read) {
    const report = scanText("", { source: options.scan });
    report.errors.push({ module: options.scan, claim: null, field: null, message: read.error });
    report.summary.errors = report.errors.length;
    return { report, draft: null, code: 2 };
  }
  const report = scanText(read.text, { source: options.scan });
  const draft = options.draft === undefined
    ? null
    : draftSheet(read.text, { source: options.scan });
  const code = report.errors.length > 0
    ? 2
    : options.failOnDisagree && report.summary.disagrees > 0
    ? 1
    : 0;
  return { report, draft, code };
}
