// Smoke test at 360×740: choose the 广东 water benchmark, find the violation by search,
// enter the facts of its worked example and read 170,000 元 / 壹拾柒万元整.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, fillFacts, PHONE, publishedRuleset, serve } from './helpers.mjs';

let server;
let chrome;
before(async () => {
  server = await serve();
  chrome = await browser({ viewport: PHONE });
});
after(async () => {
  await chrome?.close();
  server?.close();
});

test('the worked example of water-over-standard gives 170,000 元', async () => {
  const published = publishedRuleset('gd-sthj-water');
  const violation = published.ruleset.violations.find((v) => v.id === 'water-over-standard');
  const example = violation.examples.find((e) => e.expect.amount === '170000');
  assert.ok(example, 'the ruleset carries the 170000 worked example');

  const page = await chrome.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto(server.url);
  await page.getByTestId('ruleset-select').selectOption('gd-sthj-water');
  await page.getByTestId('violation-search').fill('超标排放');
  await page.getByTestId('violation-water-over-standard').click();

  await fillFacts(page, example.facts);
  await page.getByTestId('decided-on').fill(example.decided_on);
  await page.getByTestId('calculate').click();

  await assert.doesNotReject(page.getByTestId('fine-amount').waitFor());
  assert.equal(await page.getByTestId('fine-amount').textContent(), '170,000');
  assert.equal(await page.getByTestId('fine-capital').textContent(), '壹拾柒万元整');
  assert.equal(await page.getByTestId('outcome').getAttribute('data-outcome'), example.expect.outcome);
  const basis = await page.getByTestId('basis').textContent();
  assert.match(basis, /水污染防治法（2017-06-27）第八十三条第二项/);

  // The share link keeps the facts in the fragment, never in the query string.
  const share = await page.getByTestId('share-link').inputValue();
  assert.match(share, /#.*f\.pollutant_count=2/);
  assert.doesNotMatch(share, /\?/);

  // Nothing left the page's origin.
  const origin = new URL(server.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await page.close();
});
