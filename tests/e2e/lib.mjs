// More helpers for the browser tests (beside helpers.mjs): the built site's hashed
// files, the CLI's worked examples, axe, keyboard driving, and a copy of dist/ to
// tamper with.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, fillFacts, ROOT } from './helpers.mjs';

/** rulesets/index.json of a built site. */
export function siteManifest(dir = DIST) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'rulesets/index.json'), 'utf8'));
}

/** The files a page of the build loads: attributes of its <script>, <link> tags. */
export function pageRefs(file, dir = DIST) {
  const html = fs.readFileSync(path.join(dir, file), 'utf8');
  const attr = (tag, name) => (new RegExp(`\\s${name}="([^"]*)"`).exec(tag) || [])[1];
  const refs = { scripts: [], styles: [], preloads: [], other: [] };
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    if (tag.startsWith('<script')) refs.scripts.push(attr(tag, 'src'));
    else if (attr(tag, 'rel') === 'stylesheet') refs.styles.push(attr(tag, 'href'));
    else if (attr(tag, 'rel') === 'modulepreload') refs.preloads.push(attr(tag, 'href'));
    else refs.other.push(attr(tag, 'href'));
  }
  return refs;
}

/** The relative imports of a built module (`./x.hash.js`), resolved against dist/. */
export function moduleImports(rel, dir = DIST) {
  const source = fs.readFileSync(path.join(dir, rel), 'utf8');
  const base = path.posix.dirname(rel);
  return [...source.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm)].map((m) => path.posix.normalize(`${base}/${m[1]}`));
}

/** Every module a page's script imports, transitively (paths relative to dist/). */
export function moduleGraph(entries, dir = DIST) {
  const seen = new Set();
  const walk = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    for (const dep of moduleImports(rel, dir)) walk(dep);
  };
  for (const e of entries) walk(e);
  return [...seen];
}

/**
 * The engine as the page loads it: the module core.js imports and the wasm file it
 * fetches (paths relative to dist/), found from index.html, not guessed.
 */
export function engineFiles(dir = DIST) {
  const graph = moduleGraph(pageRefs('index.html', dir).scripts, dir);
  const core = graph.find((f) => /(^|\/)core\.[0-9a-f]+\.js$/.test(f));
  if (!core) throw new Error('index.html does not load core.*.js');
  const js = moduleImports(core, dir).find((f) => /(^|\/)engine\.[0-9a-f]+\.js$/.test(f));
  const source = fs.readFileSync(path.join(dir, core), 'utf8');
  const m = /const WASM = new URL\('([^']+)', import\.meta\.url\)/.exec(source);
  if (!js || !m) throw new Error(`cannot find the engine in ${core}`);
  return { core, js, wasm: path.posix.normalize(`${path.posix.dirname(core)}/${m[1]}`) };
}

/** `cailiang cases rulesets`: every worked example's request and the native result. */
export function nativeCases() {
  const bin = path.join(ROOT, 'target/release/cailiang');
  if (!fs.existsSync(bin)) {
    execFileSync('cargo', ['build', '--release', '--locked'], { cwd: ROOT, stdio: 'inherit' });
  }
  const out = execFileSync(bin, ['cases', 'rulesets'], { cwd: ROOT, maxBuffer: 1 << 30 });
  return JSON.parse(out);
}

/**
 * Runs axe-core on a page as a whole: injected into every frame, run from the top, so
 * that iframes are audited as parts of the page (open shadow roots are read too).
 * Resolves to the violations: {id, impact, help, nodes: [{target, summary, related}]}.
 */
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
export async function axe(page) {
  for (const frame of page.frames()) {
    if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.evaluate(AXE);
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target,
        summary: n.failureSummary.replace(/\s+/g, ' '),
        related: [...n.any, ...n.all, ...n.none].flatMap((c) => c.relatedNodes.map((x) => x.target)),
      })),
    }));
  });
}

/** The focused element, through shadow roots: {testid, tag, type, id, text}. */
export function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return {
      testid: el.dataset?.testid || el.closest?.('[data-testid]')?.dataset.testid || null,
      fact: el.closest?.('[data-fact]')?.dataset.fact || null,
      checked: el.checked,
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      id: el.id,
      name: el.getAttribute('name'),
      value: 'value' in el ? el.value : undefined,
      text: (el.textContent || '').trim().slice(0, 80),
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `test(focused)` holds; throws after `max` presses.
 * Resolves to the focused element's description.
 */
export async function tabTo(page, test, { max = 200, back = false, what = 'the target' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && test(f)) return f;
    seen.push(f && (f.testid || f.tag));
  }
  throw new Error(`Tab did not reach ${what} in ${max} presses; went through ${seen.slice(-30).join(' → ')}`);
}

/** A fresh copy of a directory in a temp dir; resolves to its path. */
export function copyDir(src = DIST) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cailiang-site-'));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/** Serious console messages and page errors of a page, collected. */
export function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  return errors;
}

/** The worked example with this expected amount, from a published ruleset. */
export function example(published, violationId, amount) {
  const violation = published.ruleset.violations.find((v) => v.id === violationId);
  if (!violation) throw new Error(`no violation ${violationId}`);
  const ex = violation.examples.find((e) => e.expect.amount === amount);
  if (!ex) throw new Error(`no worked example of ${violationId} giving ${amount}`);
  return ex;
}

/** The share-link fragment for a worked example (the page's own format). */
export function fragmentFor(ruleset, violations, ex) {
  const p = new URLSearchParams();
  p.set('r', ruleset);
  p.set('v', violations.join(','));
  p.set('d', ex.decided_on);
  for (const [k, v] of Object.entries(ex.facts)) {
    p.set(`f.${k}`, typeof v === 'boolean' ? (v ? '1' : '0') : Array.isArray(v) ? v.join(',') : String(v));
  }
  return p.toString();
}

/** Types an ISO date into the focused <input type=date> with keys only, whatever the field order. */
export async function typeDate(page, iso) {
  const [y, m, d] = iso.split('-');
  const start = await focused(page);
  for (const order of [m + d + y, y + m + d, d + m + y]) {
    for (const c of order) await page.keyboard.press(c);
    const now = await focused(page);
    if (now.value === iso) return;
    // Back to the field's first part: leave it backwards, come back.
    for (let i = 0; i < 6 && (await focused(page)).id === start.id; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not type ${iso} into ${start.testid}`);
}

/**
 * Fills the calculator's form from a facts object with the keyboard only: Tab through the
 * form; type into text and date fields, arrows in selects and radio groups, Space on
 * checkboxes; stops with the focus on the calculate button. Returns the facts it set.
 */
export async function keyboardFill(page, facts, decidedOn) {
  const want = { ...facts };
  if (decidedOn) want.decided_on = decidedOn;
  const done = new Set();
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.testid === 'calculate') {
      const left = Object.keys(want).filter((k) => !done.has(k));
      if (left.length) throw new Error(`reached the calculate button without reaching ${left.join(', ')}`);
      return done;
    }
    const name = f.fact;
    if (!name || !(name in want) || done.has(name)) continue;
    const value = want[name];
    if (f.tag === 'select') {
      const target = String(value);
      const options = await page.evaluate(() => {
        let el = document.activeElement;
        while (el.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return [...el.options].map((o) => o.value);
      });
      const from = options.indexOf(f.value);
      const to = options.indexOf(target);
      if (to < 0) throw new Error(`${name} has no option ${target}`);
      for (let k = 0; k < Math.abs(to - from); k++) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
      const now = await focused(page);
      if (now.value !== target) throw new Error(`${name}: the arrows chose ${now.value}, not ${target}`);
    } else if (f.tag === 'input' && f.type === 'date') {
      await typeDate(page, value);
    } else if (f.tag === 'input' && f.type === 'radio') {
      const target = value === true ? 'yes' : value === false ? 'no' : String(value);
      for (let k = 0; k < 6 && !((await focused(page)).value === target && (await focused(page)).checked); k++) {
        await page.keyboard.press('ArrowRight');
      }
      if ((await focused(page)).value !== target) throw new Error(`${name}: the arrows did not reach ${target}`);
    } else if (f.tag === 'input' && f.type === 'checkbox') {
      // Every box of the group is a Tab stop: tick the wanted ones as they come.
      if (value.includes(f.value) !== f.checked) await page.keyboard.press('Space');
      const last = await page.evaluate(() => {
        let el = document.activeElement;
        while (el.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const boxes = el.closest('fieldset').querySelectorAll('input[type=checkbox]');
        return boxes[boxes.length - 1] === el;
      });
      if (!last) continue;
    } else if (f.tag === 'input') {
      await page.keyboard.type(String(value));
    } else continue;
    done.add(name);
  }
  throw new Error('never reached the calculate button');
}

/**
 * The main flow with the mouse: choose the ruleset, search, choose the violation, fill
 * the facts of a worked example and calculate; resolves when the result is shown.
 */
export async function calculate(page, { ruleset, violation, search, ex }) {
  const select = page.getByTestId('ruleset-select');
  await select.waitFor();
  if ((await select.inputValue()) !== ruleset) {
    await select.selectOption(ruleset);
    await page.getByTestId('violation-search').waitFor();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="ruleset-select"]')?.value === id && document.querySelector('[data-testid="violation-list"] button'),
      ruleset,
    );
  }
  await page.getByTestId('violation-search').fill(search);
  await page.getByTestId(`violation-${violation}`).click();
  await page.getByTestId('facts-form').waitFor();
  await fillFacts(page, ex.facts);
  await page.getByTestId('decided-on').fill(ex.decided_on);
  await page.getByTestId('calculate').click();
  await page.getByTestId('outcome').waitFor();
}

/** The text of the result section, without the share box (its URL changes with the page). */
export function resultText(page, testid = 'result') {
  return page.getByTestId(testid).evaluate((el) => {
    const copy = el.cloneNode(true);
    for (const x of copy.querySelectorAll('.cl-share, .cl-url, .cl-small')) x.remove();
    return copy.textContent.replace(/\s+/g, ' ').trim();
  });
}
