// A hostile ruleset: a copy of dist/ whose gd-sthj-water ruleset (and its manifest
// entry) carries HTML in every human-readable string — titles, names, keywords,
// citations, fact labels and help, choice labels, tier texts. Through search, form,
// result, disclosure table and sheet: no dialog opens, no injected element exists, no
// CSP violation is reported, and the strings show as text.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { browser, DESKTOP, serve } from './helpers.mjs';
import { calculate, collectErrors, copyDir, example, siteManifest } from './lib.mjs';

const RULESET = 'gd-sthj-water';
const MARK = 'pwn';
const PAYLOAD = `<img src=x class=${MARK} onerror="window.__pwned=1;alert(1)"><script class=${MARK}>window.__pwned=2;alert(2)</script><svg class=${MARK} onload="alert(3)"></svg><b class=${MARK}>`;

// The strings people read; identifiers, enumerations, dates, amounts and conditions stay.
const TEXT_KEYS = new Set([
  'title', 'title_en', 'authority', 'description', 'document_number', 'name', 'name_en', 'category',
  'keywords', 'label', 'label_en', 'help', 'help_en', 'text', 'law', 'note', 'unit',
]);

/** Appends the payload to every readable string (the original stays, so search still finds it). */
function poison(node, key) {
  if (Array.isArray(node)) return node.map((x) => poison(x, key));
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      // Fact names and examples are identifiers and inputs, not text.
      if (k === 'examples' || (k === 'name' && typeof v === 'string' && /^[a-z_][a-z0-9_]*$/.test(v))) out[k] = v;
      else if (k === 'facts' && !Array.isArray(v)) out[k] = v;
      else out[k] = poison(v, k);
    }
    return out;
  }
  if (typeof node === 'string' && TEXT_KEYS.has(key)) {
    poisoned++;
    return `${node}${PAYLOAD}`;
  }
  return node;
}

let dir;
let server;
let chrome;
let ex;
let poisoned = 0;
before(async () => {
  dir = copyDir();
  const manifest = siteManifest(dir);
  const entry = manifest.rulesets.find((r) => r.id === RULESET);
  const file = path.join(dir, entry.versions[0].file);
  const published = JSON.parse(fs.readFileSync(file, 'utf8'));
  ex = example(published, 'water-over-standard', '170000');
  const hostile = poison(published, '');
  const json = JSON.stringify(hostile);
  fs.writeFileSync(file, json);
  entry.versions[0].integrity = `sha384-${crypto.createHash('sha384').update(json).digest('base64')}`;
  entry.versions[0].bytes = Buffer.byteLength(json);
  Object.assign(entry, poison({ title: entry.title, title_en: entry.title_en, authority: entry.authority, jurisdiction: entry.jurisdiction }, ''));
  fs.writeFileSync(path.join(dir, 'rulesets/index.json'), JSON.stringify(manifest));
  server = await serve(dir);
  chrome = await browser({ viewport: DESKTOP });
  // Before any script of the page: count CSP reports and dialogs in every frame.
  await chrome.context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
});
after(async () => {
  await chrome?.close();
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Injected elements, anywhere (shadow roots too), and scripts that are not the site's own. */
function injected(page, origin) {
  return page.evaluate(
    ({ mark, origin }) => {
      const found = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.classList.contains(mark) || el.hasAttribute('onerror') || el.hasAttribute('onload')) found.push(el.outerHTML.slice(0, 120));
          if (el.tagName === 'SCRIPT' && !(el.src && el.src.startsWith(`${origin}/assets/`))) found.push(el.outerHTML.slice(0, 120));
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return { found, pwned: window.__pwned ?? null, csp: window.__csp };
    },
    { mark: MARK, origin },
  );
}

test('HTML in every string of a ruleset shows as text and never runs', async () => {
  assert.ok(poisoned > 500, `the payload went into ${poisoned} strings`);
  const page = await chrome.context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const errors = collectErrors(page);
  const origin = new URL(server.url).origin;
  const clean = async (view) => {
    const r = await injected(page, origin);
    assert.deepEqual(r.found, [], `injected elements in ${view}`);
    assert.equal(r.pwned, null, `a payload ran in ${view}`);
    assert.deepEqual(r.csp, [], `CSP violations in ${view}`);
    assert.deepEqual(dialogs, [], `dialogs in ${view}`);
  };
  await page.goto(server.url);
  await page.getByTestId('violation-search').waitFor();
  await clean('start');

  // The manifest's title, as text in the option.
  const option = page.getByTestId('ruleset-select').locator(`option[value="${RULESET}"]`);
  assert.ok((await option.textContent()).includes(`<img src=x class=${MARK}`), 'the option shows the title as text');

  await page.getByTestId('ruleset-select').selectOption(RULESET);
  await page.getByTestId('ruleset-meta').filter({ hasText: '<script' }).waitFor();
  await page.getByTestId('violation-search').fill('超标排放');
  await page.getByTestId('violation-water-over-standard').waitFor();
  assert.ok((await page.getByTestId('violation-water-over-standard').textContent()).includes(PAYLOAD), 'the name shows as text in the list');
  assert.ok((await page.getByTestId('violation-list').locator('h3').first().textContent()).includes(PAYLOAD), 'the category shows as text');
  await clean('search');

  await calculate(page, { ruleset: RULESET, violation: 'water-over-standard', search: '超标排放', ex });
  assert.equal(await page.getByTestId('fine-amount').textContent(), '170,000', 'the engine still computes');
  assert.ok((await page.getByTestId('chosen-name').textContent()).includes(PAYLOAD));
  const form = await page.getByTestId('facts-form').textContent();
  assert.ok(form.split(PAYLOAD).length > 10, 'fact labels, help and choices show the payload as text');
  assert.ok((await page.getByTestId('fact-pollutant_class').locator('option').nth(1).textContent()).includes(PAYLOAD), 'choice labels as text');
  await clean('form and result');
  for (const d of await page.getByTestId('basis').locator('details').all()) await d.evaluate((el) => (el.open = true));
  const basis = await page.getByTestId('basis').textContent();
  assert.ok(basis.includes(`水污染防治法${PAYLOAD}`), 'the citation shows as text');
  assert.ok((await page.getByTestId('reasons').textContent()).includes(PAYLOAD), 'tier texts in the reasons as text');
  await clean('result with the articles open');

  await page.getByTestId('view-table').click();
  await page.getByTestId('disclosure-item').first().waitFor();
  const table = await page.getByTestId('disclosure').textContent();
  assert.ok(table.split(PAYLOAD).length > 50, 'the disclosure table shows the payload as text');
  await page.getByTestId('disclosure-search').fill('<script');
  assert.match(await page.getByTestId('disclosure-count').textContent(), /\d/);
  await clean('disclosure table');

  await page.getByTestId('view-sheet').click();
  await page.getByTestId('sheet').waitFor();
  assert.ok((await page.getByTestId('sheet-ruleset').textContent()).includes(PAYLOAD), 'the sheet shows the title as text');
  assert.ok((await page.getByTestId('sheet-violation').textContent()).includes(PAYLOAD));
  await clean('sheet');

  await page.getByTestId('lang-switch').click();
  await page.getByTestId('sheet').waitFor();
  await clean('sheet in English');
  assert.deepEqual(errors, []);
  await page.close();
});
