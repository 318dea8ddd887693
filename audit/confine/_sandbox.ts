/**
 * The confined process's permissions, computed so that no path or host can widen them:
 *
 * - Deno is started by its own path ({@linkcode denoPath}), never looked up on PATH.
 * - Each `--allow-*` list is refused when an entry is empty or holds a comma: Deno splits
 *   a flag's value at every comma, so a folder `quiz,` would otherwise grant `/`.
 * - A local module may read its own folder, found through real paths, and that folder is
 *   walked first: a link that leaves it (`leak.txt -> /secret/creds`) refuses the module, as
 *   does a folder of more than {@linkcode MAX_FOLDER_ENTRIES} entries (a home folder). Of
 *   nnspec it may read `mod.ts`, `lib/` and `audit/` only (never `.git` or untracked files
 *   at the root).
 * - A remote module may read nothing (the runner's own files load as its static imports,
 *   which need no permission) and import from its own origin only.
 * - npm and remote resolution are off in the confined process: the pinned npm packages of
 *   the runner and `audit/mod.ts` load from local bundles through an import map
 *   (`audit/confine/_bundle.ts` makes them once, in Deno's cache folder).
 *
 * @module
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { CONFINED_NPM } from "./_bundle.ts";

/** The most entries walked in a local module's folder before it is refused. */
export const MAX_FOLDER_ENTRIES = 20_000;

/** The file names a claims module may have. */
export const MODULE_FILE = /\.(m?[jt]s|[jt]sx)$/i;

/**
 * The Deno running this process, by its path. Starting `deno` by name would need it on
 * PATH, and `--allow-run=deno` names the `deno` found on PATH only.
 *
 * @throws {TypeError} When this process may not run its own Deno.
 */
export function denoPath(): string {
  const path = Deno.execPath();
  if (Deno.permissions.querySync({ name: "run", command: path }).state !== "granted") {
    throw new TypeError(
      `the confined runner is started by Deno's own path, which this process may not run: grant --allow-run=${path}`,
    );
  }
  return path;
}

/**
 * One `--allow-*` flag for a list of paths or hosts.
 *
 * @throws {RangeError} For an empty entry or one holding a comma or a control character:
 * Deno's flag syntax cannot carry it without widening the permission.
 */
export function flag(name: string, entries: Iterable<string>): string {
  const list = [...new Set(entries)];
  for (const entry of list) {
    // deno-lint-ignore no-control-regex
    if (entry === "" || /[,\u0000-\u001f\u007f]/.test(entry)) {
      throw new RangeError(
        `${name}: ${
          JSON.stringify(entry)
        } cannot be granted: Deno splits the flag's value at each comma, so an empty entry or one with a comma (or a control character) would grant something else; rename or move it`,
      );
    }
  }
  return `${name}=${list.join(",")}`;
}

/** Whether `path` is `root` or inside it. */
function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}

/** The target of a link, resolved when it exists, else as written against its folder. */
async function linkTarget(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    const written = await Deno.readLink(path);
    return fileURLToPath(new URL(written, pathToFileURL(path)));
  }
}

/**
 * Walks `folder` (not following links) and refuses a link that leaves it or a folder too
 * large to walk.
 */
export async function noLinksOut(folder: string): Promise<void> {
  const stack = [folder];
  let seen = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for await (const entry of Deno.readDir(dir)) {
      if (++seen > MAX_FOLDER_ENTRIES) {
        throw new RangeError(
          `its folder ${folder} holds more than ${MAX_FOLDER_ENTRIES} entries, all of which it could read; put the module in a folder of its own`,
        );
      }
      const path = `${dir}/${entry.name}`;
      if (entry.isSymlink) {
        const target = await linkTarget(path);
        if (!inside(target, folder)) {
          throw new TypeError(
            `its folder holds a link that leaves it (${
              path.slice(folder.length + 1)
            } -> ${target}); links out of the module's folder are not followed`,
          );
        }
      } else if (entry.isDirectory) stack.push(path);
    }
  }
}

/** A local module's real URL and the folder it may read, checked for links out of it. */
export async function localModule(url: URL): Promise<{ module: URL; folder: string }> {
  const given = fileURLToPath(url);
  const name = given.slice(given.lastIndexOf("/") + 1);
  if (!MODULE_FILE.test(name)) {
    throw new TypeError(
      `${name} is not a TypeScript or JavaScript module (.ts, .mts, .tsx, .js, .mjs, .jsx)`,
    );
  }
  const folder = await Deno.realPath(given.slice(0, given.lastIndexOf("/")) || "/");
  if (folder === "/") {
    throw new RangeError("a module at the root of the file system would be granted all of it");
  }
  await noLinksOut(folder);
  const module = `${folder}/${name}`;
  await Deno.stat(module);
  return { module: pathToFileURL(module), folder };
}

/** The files of nnspec a local module may read (imports of `audit/` or `lib/` files). */
export async function projectReads(project: URL): Promise<string[]> {
  if (project.protocol !== "file:") return [];
  const root = await Deno.realPath(fileURLToPath(project));
  return [`${root}/mod.ts`, `${root}/lib`, `${root}/audit`];
}

/** The host:port an import from `url` needs. */
export function hostOf(url: URL): string {
  return url.port ? url.host : `${url.hostname}:${url.protocol === "https:" ? 443 : 80}`;
}

/** The child processes running now: the confined runners and their type checks. */
const running = new Set<Deno.ChildProcess>();

/** Counts `child` as running until it ends, so that {@linkcode stopConfined} can stop it. */
export function track(child: Deno.ChildProcess): void {
  running.add(child);
  child.status.finally(() => running.delete(child));
}

/**
 * Stops every child process this process started and has not seen end: for a caller that
 * is itself being stopped (SIGTERM, SIGHUP), so that no spinning claim outlives it.
 */
export function stopConfined(): void {
  for (const child of running) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }
}

/** Runs `deno` with `args`, stopped after `ms`: its exit code and output. */
export async function denoOutput(
  args: string[],
  ms: number,
): Promise<{ code: number; out: string; timedOut: boolean }> {
  const child = new Deno.Command(denoPath(), {
    args,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  track(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, ms);
  try {
    const { code, stdout, stderr } = await child.output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code, out: decode(stdout) + decode(stderr), timedOut };
  } finally {
    clearTimeout(timer);
  }
}

let denoDir: Promise<string> | undefined;
const bundles = new Map<string, Promise<string>>();

/**
 * The import map sending each pinned `npm:` specifier of the runner to its local bundle
 * (made on first use): its path, and the folder the confined process must read.
 *
 * @throws {Error} When the bundles cannot be made (no npm registry on a first run).
 */
export function importMap(): Promise<string> {
  // "w1": the map also sends node:worker_threads to a module without workers
  const key = `${Deno.version.deno}-w1-${CONFINED_NPM.join(" ").replace(/[^a-z0-9.]+/gi, "_")}`;
  let made = bundles.get(key);
  if (made === undefined) {
    made = makeBundles(key);
    bundles.set(key, made);
    made.catch(() => bundles.delete(key));
  }
  return made;
}

async function makeBundles(key: string): Promise<string> {
  denoDir ??= denoOutput(["info", "--json"], 30_000).then(({ out }) => {
    const dir = JSON.parse(out).denoDir;
    if (typeof dir !== "string") throw new Error("`deno info` named no cache folder");
    return dir;
  });
  const dir = `${await denoDir}/nnspec/confined-${key}`;
  const map = `${dir}/import_map.json`;
  try {
    await Deno.stat(map);
    return map;
  } catch { /* made below */ }
  const parent = `${await denoDir}/nnspec`;
  const { code, out, timedOut } = await denoOutput([
    "run",
    "--no-config",
    "--no-lock",
    "--no-prompt",
    `--allow-read=${parent}`,
    `--allow-write=${parent}`,
    `--allow-run=${denoPath()}`,
    new URL("./_bundle.ts", import.meta.url).href,
    dir,
  ], 300_000);
  if (code !== 0 || timedOut) {
    throw new Error(
      `cannot bundle the confined runner's packages into ${dir}: ${
        timedOut ? "it took longer than 300 s" : out.trim().slice(0, 500)
      }`,
    );
  }
  return map;
}
