// Bundles CodeMirror 6 (entry.mjs) into app/static/vendor/codemirror/editor.bundle.js, and writes the
// licences of every package that ends up in the bundle next to it. Run: npm ci && npm run build.
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "app", "static", "vendor", "codemirror");

const result = await build({
  entryPoints: [join(here, "entry.mjs")],
  outfile: join(out, "editor.bundle.js"),
  bundle: true,
  format: "iife",
  globalName: "CodeMirror",
  minify: true,
  target: ["es2020"],
  legalComments: "none", // the licences are in LICENSES.txt beside the bundle
  metafile: true,
  banner: { js: "/* CodeMirror 6 and its dependencies, MIT licence: see LICENSES.txt beside this file. */" },
});

// The packages whose code is in the bundle, from esbuild's list of inputs.
const packages = new Set();
const [output] = Object.values(result.metafile.outputs);
for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
  const match = bytesInOutput > 0 && input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}

const sections = [...packages].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`${name} ships no licence file`);
  return `${name} ${meta.version} (${meta.license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
});
writeFileSync(
  join(out, "LICENSES.txt"),
  `Licences of the packages bundled in editor.bundle.js (built by tools/editor/build.mjs).\n\n` +
    sections.join("\n" + "-".repeat(72) + "\n\n"),
);
console.log(`editor.bundle.js: ${packages.size} packages: ${[...packages].sort().join(", ")}`);
