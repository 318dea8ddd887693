/**
 * Bundles the npm packages the confined runner may load (fast-check, and what `audit/mod.ts`
 * imports) into plain local files, so that the runner starts with npm and remote resolution
 * turned off (`--no-npm`, `--no-remote`) and an import map that sends each pinned `npm:`
 * specifier to its bundle. Run by `audit/confine/_sandbox.ts` once per Deno version and package list,
 * as its own process:
 *
 *     deno run --allow-read=DIR --allow-write=DIR --allow-run=DENO --allow-env audit/confine/_bundle.ts DIR
 *
 * It bundles into a fresh folder beside `DIR` and renames it to `DIR` when complete, so a
 * reader sees either no folder or a whole one. Nothing of the packages' source enters the
 * repository; the folder lives in Deno's cache folder.
 *
 * @module
 */

/** The `npm:` specifiers the runner's module graph and `audit/mod.ts` import (pinned). */
export const CONFINED_NPM: readonly string[] = [
  "npm:fast-check@4.11.0",
  "npm:markdown-it@14.1.0",
  "npm:jsep@1.4.0",
  "npm:@jsep-plugin/object@1.2.2",
];

/** The bundle's file name for an `npm:` specifier. */
/** What `node:worker_threads` resolves to in the confined process. */
const NO_WORKER = `export class Worker {
  constructor() {
    throw new TypeError("workers are not available to claims");
  }
}
export const isMainThread = true;
export default { Worker, isMainThread };
`;

export function bundleName(specifier: string): string {
  return `${specifier.slice(4).replace(/[^a-z0-9.]+/gi, "_")}.js`;
}

async function main(dir: string): Promise<void> {
  try {
    await Deno.stat(`${dir}/import_map.json`);
    return;
  } catch { /* not bundled yet */ }
  const parent = dir.replace(/\/[^/]+$/, "");
  await Deno.mkdir(parent, { recursive: true });
  const work = await Deno.makeTempDir({ dir: parent, prefix: ".bundling-" });
  try {
    const entries: string[] = [];
    for (const specifier of CONFINED_NPM) {
      const entry = `${work}/${bundleName(specifier).replace(/\.js$/, ".ts")}`;
      await Deno.writeTextFile(
        entry,
        `export * from "${specifier}";\nexport { default } from "${specifier}";\n`,
      );
      entries.push(entry);
    }
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--no-config",
        "--no-lock",
        "--format",
        "esm",
        "--outdir",
        `${work}/out`,
        ...entries,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(new TextDecoder().decode(stderr).slice(0, 2000));
    const imports: Record<string, string> = {};
    for (const specifier of CONFINED_NPM) {
      imports[specifier] = `./out/${bundleName(specifier)}`;
      await Deno.stat(`${work}/out/${bundleName(specifier)}`);
    }
    // A worker's fresh realm has `Deno` and `caches` (which writes Deno's cache folder with
    // no --allow-write): node:worker_threads resolves to a module whose Worker throws.
    await Deno.writeTextFile(`${work}/no_worker.js`, NO_WORKER);
    imports["node:worker_threads"] = "./no_worker.js";
    await Deno.writeTextFile(`${work}/import_map.json`, JSON.stringify({ imports }, null, 2));
    try {
      await Deno.rename(work, dir);
    } catch (error) {
      // Another audit bundled the same packages at the same time: keep its folder.
      await Deno.stat(`${dir}/import_map.json`).catch(() => {
        throw error;
      });
      await Deno.remove(work, { recursive: true });
    }
  } catch (error) {
    await Deno.remove(work, { recursive: true }).catch(() => {});
    throw error;
  }
}

if (import.meta.main) {
  try {
    await main(Deno.args[0]);
  } catch (error) {
    console.error(`bundling the confined runner's packages failed: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
