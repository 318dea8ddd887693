/**
 * Serves the repository on 127.0.0.1 (a random free port), as a hosted copy of nnspec
 * would be, for tests that import the library or the audit by URL.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, as a path ending in a slash. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/**
 * Runs `body` while the repository is served; `requested` collects the paths asked for,
 * so a test can check what an import actually fetched.
 */
export async function withServedRepo(
  body: (origin: string, port: number, requested: string[]) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const requested: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    async (request) => {
      const path = decodeURIComponent(new URL(request.url).pathname);
      requested.push(path);
      if (path.includes("..")) return new Response("bad path", { status: 400 });
      try {
        const file = await Deno.readFile(ROOT + path.slice(1));
        const type = extname(path) === ".ts" ? "application/typescript" : "text/plain";
        return new Response(file, { headers: { "content-type": `${type}; charset=utf-8` } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  try {
    await body(`http://127.0.0.1:${server.addr.port}`, server.addr.port, requested);
  } finally {
    controller.abort();
    await server.finished;
  }
}
