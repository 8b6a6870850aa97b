// Privacy and sharing: the facts stay in the browser. A result's share link (the facts
// after `#`) opened in a fresh browser restores the facts and the same result, and the
// fragment never reaches the server; during a whole calculation no request leaves the
// origin, none is anything but a GET of a file of the build, and none carries a fact.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { browser, DIST, PHONE, publishedRuleset, serve } from './helpers.mjs';
import { calculate, collectErrors, example, resultText } from './lib.mjs';

let server;
before(async () => {
  server = await serve();
});
after(() => server?.close());

const water = publishedRuleset('gd-sthj-water');
const base = example(water, 'water-over-standard', '170000');
const flow = { ruleset: 'gd-sthj-water', violation: 'water-over-standard', search: '超标排放' };

/** What must never be sent: the facts' names as `f.NAME`, and every value that is not a common word. */
function secrets(facts) {
  const list = [];
  for (const [name, value] of Object.entries(facts)) {
    list.push(`f.${name}`, `${name}=`);
    for (const v of [value].flat()) if (typeof v === 'string' && v.length >= 4) list.push(v, encodeURIComponent(v));
  }
  return list;
}

/** Whether a request URL is a plain GET of a file of the build (no query, no fragment). */
function isBuildFile(url) {
  const u = new URL(url);
  if (u.search || u.hash) return false;
  const rel = decodeURIComponent(u.pathname).replace(/^\//, '') || 'index.html';
  return fs.existsSync(path.join(DIST, rel)) && fs.statSync(path.join(DIST, rel)).isFile();
}

test('a share link restores the facts and the same result in a fresh browser; the fragment never reaches the server', async (t) => {
  const a = await browser({ viewport: PHONE });
  t.after(() => a.close());
  const page = await a.context.newPage();
  await page.goto(server.url);
  await calculate(page, { ...flow, ex: base });
  assert.equal(await page.getByTestId('fine-amount').textContent(), '170,000');
  const share = await page.getByTestId('share-link').inputValue();
  const before = await resultText(page);

  const u = new URL(share);
  assert.equal(u.origin + u.pathname, server.url, 'the link points at the page');
  assert.equal(u.search, '', 'nothing in the query string');
  const carried = new URLSearchParams(u.hash.slice(1));
  assert.equal(carried.get('f.pollutant_count'), '2');
  assert.equal(carried.get('d'), base.decided_on);

  const b = await browser({ viewport: PHONE });
  t.after(() => b.close());
  const fresh = await b.context.newPage();
  const errors = collectErrors(fresh);
  const urls = [];
  fresh.on('request', (r) => urls.push(r.url()));
  const logStart = server.log.length;
  await fresh.goto(share);
  await fresh.getByTestId('fine-amount').waitFor();

  // The facts are back in the form.
  assert.equal(await fresh.getByTestId('ruleset-select').inputValue(), 'gd-sthj-water');
  assert.equal(await fresh.getByTestId('chosen').getAttribute('data-testid'), 'chosen');
  assert.equal(await fresh.locator('[data-testid="chosen"] li').getAttribute('data-violation'), 'water-over-standard');
  for (const [name, value] of Object.entries(base.facts)) {
    if (typeof value === 'boolean') {
      assert.equal(await fresh.getByTestId(`fact-${name}-${value ? 'yes' : 'no'}`).isChecked(), true, name);
    } else {
      assert.equal(await fresh.getByTestId(`fact-${name}`).inputValue(), String(value), name);
    }
  }
  assert.equal(await fresh.getByTestId('decided-on').inputValue(), base.decided_on);

  // The same result, word for word.
  assert.equal(await fresh.getByTestId('fine-amount').textContent(), '170,000');
  assert.equal(await resultText(fresh), before);

  // The server saw paths only: no fragment, no fact.
  const seen = server.log.slice(logStart);
  assert.ok(seen.some((l) => /^GET \/ /.test(l)), `the server logged the page load: ${seen.join('; ')}`);
  for (const line of seen) {
    assert.doesNotMatch(line, /#|\?/, `request line ${line}`);
    for (const s of secrets(base.facts)) assert.ok(!line.includes(s), `${line} carries ${s}`);
  }
  for (const url of urls.filter((x) => x !== share)) assert.ok(isBuildFile(url), `request for ${url}`);
  assert.deepEqual(errors, []);
});

test('during a whole calculation no request leaves the origin or carries a fact', async (t) => {
  // Values seen nowhere else, so that finding one in a request means it leaked.
  const facts = { ...base.facts, daily_discharge: '87.65', exceed_multiple: '2.71', discovered_date: '2022-03-17' };
  const chrome = await browser({ viewport: PHONE });
  t.after(() => chrome.close());
  const page = await chrome.context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.url);
  await page.getByTestId('violation-search').waitFor();

  const requests = [];
  const logStart = server.log.length;
  chrome.context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  await calculate(page, { ...flow, ex: { ...base, facts } });
  assert.equal(await page.getByTestId('outcome').isVisible(), true);
  await page.getByTestId('copy-link').click();
  await page.getByTestId('open-sheet').click();
  await page.getByTestId('sheet').waitFor();
  assert.match(await page.getByTestId('sheet-facts').textContent(), /87\.65/);
  await page.getByTestId('view-table').click();
  await page.getByTestId('disclosure-item').first().waitFor();
  await page.getByTestId('lang-switch').click();
  await page.waitForTimeout(1500); // anything sent late (beacons, the service worker's precache)

  const origin = new URL(server.url).origin;
  assert.ok(requests.length > 0, 'choosing another ruleset fetched it');
  const secret = secrets(facts);
  for (const r of requests) {
    assert.equal(new URL(r.url).origin, origin, `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.equal(r.body, null, `a body was sent to ${r.url}`);
    assert.ok(isBuildFile(r.url), `request for something not in the build: ${r.url}`);
    for (const s of secret) assert.ok(!r.url.includes(s), `${r.url} carries ${s}`);
  }
  const seen = server.log.slice(logStart);
  for (const line of seen) {
    assert.match(line, /^GET \//, line);
    for (const s of secret) assert.ok(!line.includes(s), `${line} carries ${s}`);
  }
  assert.deepEqual(errors, []);
});
