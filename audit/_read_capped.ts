/**
 * Reading an input of the CLI (a sheet, or a document to scan) within a size cap and a
 * deadline, whatever it is: a regular file is read as a stream that stops past the cap (it
 * may grow while read); a FIFO, a device such as `/dev/zero` or a folder is refused before
 * it is opened; a URL is fetched with one deadline over the headers and the whole body.
 *
 * @module
 */

/** Why an input could not be read: a sentence for the report. */
export class ReadError extends Error {
  override name = "ReadError";
  /** What failed: the size cap (with the size seen), the server's status, the deadline, the kind of file. */
  constructor(
    message: string,
    readonly reason: "size" | "status" | "deadline" | "kind",
    readonly size?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Concatenates chunks. */
function join(chunks: Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** Reads `body` to its end, or throws past `cap` bytes (cancelling the rest). */
async function capped(body: ReadableStream<Uint8Array>, cap: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += chunk.length;
    if (length > cap) {
      await body.cancel().catch(() => {});
      throw new ReadError(`it is longer than the limit of ${cap} bytes`, "size", length);
    }
    chunks.push(chunk);
  }
  return join(chunks, length);
}

async function readFile(path: string | URL, cap: number): Promise<Uint8Array> {
  const info = await Deno.stat(path);
  if (!info.isFile) {
    throw new ReadError(
      `it is not a regular file (a folder, a FIFO or a device is not read)`,
      "kind",
    );
  }
  if (info.size > cap) {
    throw new ReadError(`it has ${info.size} bytes; the limit is ${cap}`, "size", info.size);
  }
  const file = await Deno.open(path);
  return await capped(file.readable, cap);
}

async function readUrl(url: string, cap: number, signal: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { signal });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new ReadError(
      `the server answered ${response.status} ${response.statusText}`.trim(),
      "status",
      undefined,
      response.status,
    );
  }
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > cap) {
    await response.body.cancel().catch(() => {});
    throw new ReadError(
      `the server announces ${length} bytes; the limit is ${cap}`,
      "size",
      length,
    );
  }
  return await capped(response.body, cap);
}

/**
 * The bytes of a file (path or `file:` URL) or of an `http(s):` URL, at most `cap` of them,
 * read within `ms` milliseconds.
 *
 * @throws {ReadError} Past the cap or the deadline, for a file that is not a regular file,
 * or an answer other than 2xx; other errors (not found, denied) as they come.
 */
export async function readCapped(
  source: string | URL,
  cap: number,
  ms: number,
): Promise<Uint8Array> {
  const href = source instanceof URL ? source.href : source;
  const remote = /^https?:/i.test(href);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ReadError(`reading it did not finish within ${ms / 1000} s`, "deadline"));
    }, ms);
  });
  try {
    const read = remote
      ? readUrl(href, cap, controller.signal)
      : readFile(/^file:/i.test(href) ? new URL(href) : source, cap);
    read.catch(() => {}); // a read that loses the race is abandoned
    return await Promise.race([read, late]);
  } catch (error) {
    if (controller.signal.aborted) {
      throw new ReadError(`reading it did not finish within ${ms / 1000} s`, "deadline");
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
