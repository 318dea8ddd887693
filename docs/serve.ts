/**
 * Serves the built book from `_site/` on 127.0.0.1: `deno task serve [--port N]`.
 * The site is mounted at the base path it was built for (saved in `_site/.base`), so a
 * build for a sub-path is served from that sub-path, as it will be when published.
 *
 * @module
 */

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  wasm: "application/wasm",
  txt: "text/plain; charset=utf-8",
};

/** A request handler serving the files under `dir` at the URL path `base` (e.g. `/nnspec/`). */
export function siteHandler(dir: string, base = "/"): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) {
      return path === "/"
        ? Response.redirect(new URL(base, url), 302)
        : new Response("Not found", { status: 404 });
    }
    path = path.slice(base.length - 1);
    if (path.split("/").includes("..")) return new Response("Bad path", { status: 400 });
    if (path.endsWith("/")) path += "index.html";
    let file = `${dir}${path}`;
    try {
      const info = await Deno.stat(file);
      if (info.isDirectory) return Response.redirect(new URL(`${url.pathname}/`, url), 301);
    } catch {
      const notFound = await Deno.readFile(`${dir}/404.html`).catch(() => null);
      return new Response(notFound ?? "Not found", {
        status: 404,
        headers: { "content-type": TYPES.html },
      });
    }
    file = await Deno.realPath(file);
    const type = TYPES[file.split(".").pop() ?? ""] ?? "application/octet-stream";
    return new Response(await Deno.readFile(file), {
      headers: { "content-type": type, "cache-control": "no-cache" },
    });
  };
}

/** The base path the site in `dir` was built for. */
export async function builtBase(dir: string): Promise<string> {
  return (await Deno.readTextFile(`${dir}/.base`).catch(() => "/")).trim() || "/";
}

if (import.meta.main) {
  const dir = new URL("../_site", import.meta.url).pathname;
  const flag = Deno.args.indexOf("--port");
  const port = Number(
    Deno.args.find((a) => a.startsWith("--port="))?.slice("--port=".length) ??
      (flag >= 0 ? Deno.args[flag + 1] : 8000),
  );
  try {
    await Deno.stat(`${dir}/index.html`);
  } catch {
    console.error("No site in _site/: run `deno task site` first.");
    Deno.exit(1);
  }
  const base = await builtBase(dir);
  Deno.serve({
    hostname: "127.0.0.1",
    port,
    onListen: ({ hostname, port }) =>
      console.log(`Serving _site/ at http://${hostname}:${port}${base}`),
  }, siteHandler(dir, base));
}
