// Differential: every worked example of every ruleset, assessed by the native CLI
// (`cailiang cases rulesets`) and by the WebAssembly engine inside one page of the
// built site, the same engine module and the same published files the page loads.
// Assessments must be the same JSON; errors must carry the same problem codes and paths.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { browser, DESKTOP, DIST, ROOT, serve } from './helpers.mjs';
import { engineFiles, nativeCases, siteManifest } from './lib.mjs';

let server;
let chrome;
before(async () => {
  server = await serve();
  chrome = await browser({ viewport: DESKTOP });
});
after(async () => {
  await chrome?.close();
  server?.close();
});

const cases = nativeCases();

test(`the wasm engine in the page agrees with the CLI on all ${cases.length} worked examples`, async () => {
  assert.ok(cases.length >= 1000, `cailiang cases printed ${cases.length} examples; expected about 1,266`);

  // Group the examples by ruleset id, with the published files of every version.
  const manifest = siteManifest();
  const stale = manifest.rulesets
    .flatMap((r) => r.versions)
    .filter((v) => crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'rulesets', v.source))).digest('hex') !== v.sha256)
    .map((v) => v.source);
  assert.deepEqual(stale, [], 'dist/ was built from other rulesets than rulesets/*.toml: run script/build');
  // The CLI printed every worked example the published files carry.
  let published = 0;
  for (const r of manifest.rulesets) {
    for (const v of r.versions) {
      const json = JSON.parse(fs.readFileSync(path.join(DIST, v.file), 'utf8'));
      published += json.ruleset.violations.reduce((n, x) => n + (x.examples || []).length, 0);
    }
  }
  assert.equal(cases.length, published, 'one case per worked example in dist/rulesets/');
  const bySource = new Map();
  for (const entry of manifest.rulesets) for (const v of entry.versions) bySource.set(v.source, entry);
  const groups = new Map();
  for (const [i, c] of cases.entries()) {
    const source = c.file.replace(/^.*\//, '');
    const entry = bySource.get(source);
    assert.ok(entry, `${c.file} is published in dist/rulesets/index.json`);
    // The CLI loaded the same versions as the page will.
    const sources = entry.versions.map((v) => v.source).sort();
    assert.deepEqual(c.versions.map((f) => f.replace(/^.*\//, '')).sort(), sources, `versions of ${c.file}`);
    if (!groups.has(entry.id)) groups.set(entry.id, { files: entry.versions.map((v) => v.file), cases: [] });
    groups.get(entry.id).cases.push({ i, request: c.request });
  }

  const page = await chrome.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.getByTestId('violation-search').waitFor();

  const engine = engineFiles();
  const out = await page.evaluate(
    async ({ engine, groups }) => {
      // The module the page imported: same URL, so the same (already initialised) instance.
      const mod = await import(new URL(engine.js, location.href).href);
      await mod.default({ module_or_path: new URL(engine.wasm, location.href) });
      const results = [];
      for (const [id, g] of groups) {
        const files = await Promise.all(g.files.map((f) => fetch(f).then((r) => r.json())));
        const calc = new mod.Calculator(files[0]);
        for (const f of files.slice(1)) calc.addVersion(f);
        for (const { i, request } of g.cases) {
          try {
            results.push({ i, id, ok: JSON.stringify(calc.assess(request)) });
          } catch (e) {
            results.push({
              i,
              id,
              problems: Array.isArray(e.problems) ? e.problems : null,
              message: String(e && e.message),
            });
          }
        }
        calc.free();
      }
      return results;
    },
    { engine, groups: [...groups] },
  );
  await page.close();

  assert.equal(out.length, cases.length, 'the page assessed every example');
  const mismatches = [];
  let assessments = 0;
  let errors = 0;
  for (const r of out) {
    const c = cases[r.i];
    const where = `${c.file} · ${c.request.violations.join(',')} · ${c.example}`;
    const native = c.result;
    if (native.problems) {
      errors++;
      const key = (ps) => ps.map((p) => `${p.code} ${p.path}`).sort();
      if (!r.problems) {
        mismatches.push(`${where}: CLI refuses (${key(native.problems)}), wasm ${r.ok ? 'assesses' : `throws ${r.message}`}`);
      } else if (JSON.stringify(key(r.problems)) !== JSON.stringify(key(native.problems))) {
        mismatches.push(`${where}: problems differ: CLI ${key(native.problems)}; wasm ${key(r.problems)}`);
      }
      continue;
    }
    assessments++;
    if (!r.ok) {
      mismatches.push(`${where}: CLI assesses, wasm throws ${r.message} ${JSON.stringify(r.problems)}`);
      continue;
    }
    try {
      assert.deepStrictEqual(JSON.parse(r.ok), native);
    } catch (e) {
      mismatches.push(`${where}: assessments differ:\n${e.message.split('\n').slice(0, 40).join('\n')}`);
    }
  }
  assert.equal(assessments + errors, cases.length);
  assert.ok(errors > 0 && assessments > 0, 'both assessments and refusals are compared');
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} of ${cases.length} examples differ`);
  assert.deepEqual(pageErrors, []);
});
