// Write the LICENSE file next to each vendored library: the licence of the library and of every
// package bundled into it, as each package ships it (its licence file), or, where a package
// ships none, its package.json licence and authors with the terms of that licence.
//   node notices.mjs NODE_MODULES STATIC_DIR
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [modules, statics] = process.argv.slice(2);
const lock = JSON.parse(readFileSync(join(modules, "..", "package-lock.json"), "utf8"));

const MIT_TERMS = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

function people(meta) {
  const names = [meta.author, ...(meta.contributors || [])]
    .filter(Boolean)
    .map((p) => (typeof p === "string" ? p : p.name));
  return names.join(", ") || "its authors";
}

function notice(path) {
  const dir = join(modules, path);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const head = `${meta.name} ${meta.version} (licence: ${meta.license || "see below"})`;
  const rule = "=".repeat(Math.min(head.length, 78));
  let text;
  if (file) {
    text = readFileSync(join(dir, file), "utf8").replace(/\r\n?/g, "\n").trimEnd() + "\n";
  } else if (meta.license === "MIT") {
    text = `MIT License\n\nCopyright (c) ${people(meta)}\n` +
      `(the package ships no licence file; holders as its package.json names them)\n\n` +
      MIT_TERMS;
  } else {
    text = `Licensed under ${meta.license} (package.json); the package ships no licence ` +
      `file. Authors: ${people(meta)}.\n`;
  }
  return `${rule}\n${head}\n${rule}\n\n${text}\n`;
}

function bundle(root) {
  // the package and everything it depends on, as the lockfile resolves them
  const seen = new Set();
  const walk = (name) => {
    const path = `node_modules/${name}`;
    if (seen.has(path) || !lock.packages[path]) return;
    seen.add(path);
    for (const dep of Object.keys(lock.packages[path].dependencies || {})) walk(dep);
  };
  walk(root);
  const [first, ...rest] = [...seen].map((p) => p.slice("node_modules/".length));
  return [first, ...rest.sort()];
}

for (const [root, folder, intro] of [
  ["@zazuko/yasgui", "yasgui",
   "yasgui.min.js and yasgui.min.css are the built bundle of @zazuko/yasgui, which includes the\n" +
   "packages below. Each licence follows, as the package ships it.\n"],
  ["cytoscape", "cytoscape", "cytoscape.min.js is the built bundle of Cytoscape.js.\n"],
]) {
  const names = bundle(root);
  const body = names.map(notice).join("");
  writeFileSync(join(statics, folder, "LICENSE"), `${intro}\n${body}`);
}
