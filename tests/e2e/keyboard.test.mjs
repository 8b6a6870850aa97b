// Keyboard only: the whole flow — choose the ruleset, search, choose the violation,
// fill the facts, calculate, read the result and open the sheet — with page.keyboard,
// no click, no fill, no selectOption.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, PHONE, publishedRuleset, serve } from './helpers.mjs';
import { collectErrors, example, focused, keyboardFill, tabTo } from './lib.mjs';

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

const RULESET = 'gd-sthj-water';

/** Chooses a ruleset in the focused <select> with its keyboard popup: Alt+↓, arrows, Enter. */
async function chooseInOpenSelect(page, value) {
  const options = await page.getByTestId('ruleset-select').evaluate((s) => [...s.options].map((o) => o.value));
  const from = options.indexOf(await page.getByTestId('ruleset-select').inputValue());
  const to = options.indexOf(value);
  assert.ok(to >= 0, `the ruleset list offers ${value}`);
  await page.keyboard.press('Alt+ArrowDown');
  for (let k = 0; k < Math.abs(to - from); k++) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await page.keyboard.press('Enter');
}

test('the whole flow with the keyboard only gives 170,000 元', async () => {
  const ex = example(publishedRuleset(RULESET), 'water-over-standard', '170000');
  const page = await chrome.context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.url);
  await page.getByTestId('violation-search').waitFor();

  // 1 the benchmark
  await tabTo(page, (f) => f.testid === 'ruleset-select', { what: 'the ruleset select' });
  await chooseInOpenSelect(page, RULESET);
  await page.getByTestId('ruleset-version').filter({ hasText: '2022' }).waitFor();
  assert.equal(await page.getByTestId('ruleset-select').inputValue(), RULESET);

  // 2 search and choose; choosing focuses the facts heading
  await tabTo(page, (f) => f.testid === 'violation-search', { what: 'the search field' });
  await page.keyboard.type('超标排放');
  assert.match(await page.getByTestId('violation-count').textContent(), /\d/);
  await tabTo(page, (f) => f.testid === 'violation-water-over-standard', { what: 'the violation' });
  await page.keyboard.press('Enter');
  await page.getByTestId('facts-form').waitFor();
  const heading = await focused(page);
  assert.equal(heading.tag, 'h2', 'choosing a violation focuses a heading');
  assert.equal(heading.testid, 'step-facts', 'the heading of the facts step');

  // 3 the facts, then Enter on 计算
  await keyboardFill(page, ex.facts, ex.decided_on);
  for (const [name, value] of Object.entries(ex.facts)) {
    if (typeof value !== 'boolean') assert.equal(await page.getByTestId(`fact-${name}`).inputValue(), String(value), name);
  }
  assert.equal(await page.getByTestId('decided-on').inputValue(), ex.decided_on);
  await page.keyboard.press('Enter');

  // 4 the result: focus on its heading, the amount readable
  await page.getByTestId('fine-amount').waitFor();
  const result = await focused(page);
  assert.equal(result.tag, 'h2');
  assert.equal(result.testid, 'result', 'submitting focuses the result heading');
  assert.equal(await page.getByTestId('fine-amount').textContent(), '170,000');
  assert.equal(await page.getByTestId('fine-capital').textContent(), '壹拾柒万元整');
  assert.equal(await page.getByTestId('outcome').getAttribute('data-outcome'), ex.expect.outcome);
  assert.match(await page.getByTestId('status').textContent(), /170,000/);

  // The basis can be opened from the keyboard.
  const basis = await tabTo(page, (f) => f.tag === 'summary' && f.testid === 'basis', { what: 'the first article of the basis' });
  assert.ok(basis);
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('basis').locator('details').first().evaluate((d) => d.open), true);

  // The calculation sheet, from the keyboard.
  await tabTo(page, (f) => f.testid === 'open-sheet', { what: 'the sheet button' });
  await page.keyboard.press('Enter');
  await page.getByTestId('sheet').waitFor();
  const sheet = await focused(page);
  assert.equal(sheet.tag, 'h2', 'the sheet heading has the focus');
  assert.equal(sheet.testid, 'sheet');
  assert.equal(await page.getByTestId('sheet-fine-amount').textContent(), '170,000');
  assert.deepEqual(errors, []);
  await page.close();
});

test('walking through the rulesets with ↓ on the ruleset select keeps the focus there', async () => {
  const page = await chrome.context.newPage();
  await page.goto(server.url);
  await page.getByTestId('violation-search').waitFor();
  await tabTo(page, (f) => f.testid === 'ruleset-select', { what: 'the ruleset select' });
  const select = page.getByTestId('ruleset-select');
  const options = await select.evaluate((s) => [...s.options].map((o) => o.value));
  const start = options.indexOf(await select.inputValue());
  // The usual way on Windows and Linux: ↓ on the closed select changes it at once.
  for (let k = 1; k <= 2; k++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((v) => document.querySelector('[data-testid="ruleset-select"]')?.value === v, options[start + k], { timeout: 3000 }).catch(() => {});
    await page.getByTestId('violation-search').waitFor();
    await page.waitForTimeout(200);
    const f = await focused(page);
    assert.equal(f.testid, 'ruleset-select', `after ↓ number ${k} the focus is on <${f.tag}>, not on the select`);
  }
  assert.equal(await select.inputValue(), options[start + 2], 'two ↓ move two rulesets down');
  await page.close();
});

test('changing the 第二十九条 select or the disclosure table’s version select keeps the focus there', async () => {
  const page = await chrome.context.newPage();
  const lost = [];
  await page.goto(`${server.url}#r=${RULESET}&v=water-over-standard`);
  await page.getByTestId('facts-form').waitFor();
  await tabTo(page, (f) => f.testid === 'add-violation', { what: 'the 第二十九条 summary' });
  await page.keyboard.press('Enter');
  await tabTo(page, (f) => f.testid === 'also-select', { what: 'the 第二十九条 select' });
  await page.keyboard.press('ArrowDown');
  await page.locator('[data-testid="chosen"] li').nth(1).waitFor();
  let f = await focused(page);
  if (f.testid !== 'also-select' && f.testid !== 'step-facts') lost.push(`第二十九条 select → <${f.tag}> ${f.testid ?? ''}`);

  // A ruleset with two versions has a version select in the disclosure table.
  await page.goto(`${server.url}#r=cn-agri-product-quality&view=table`);
  await page.getByTestId('disclosure-version').waitFor();
  await tabTo(page, (x) => x.testid === 'disclosure-version', { what: 'the version select' });
  const before = await page.getByTestId('disclosure-version').inputValue();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((b) => document.querySelector('[data-testid="disclosure-version"]')?.value !== b, before);
  await page.getByTestId('disclosure-item').first().waitFor();
  f = await focused(page);
  if (f.testid !== 'disclosure-version') lost.push(`version select → <${f.tag}> ${f.testid ?? ''}`);
  assert.deepEqual(lost, [], 'the focus went to the page body');
  await page.close();
});
