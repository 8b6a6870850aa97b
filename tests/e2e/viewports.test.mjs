// The main flow at both sizes: 360×740 (result below the form, the live status kept in
// sight at the bottom) and 1280×800 (result beside the form). Nothing is wider than the
// screen, the result comes into view on calculating, and the sheet prints the same amount.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, DESKTOP, PHONE, publishedRuleset, serve } from './helpers.mjs';
import { calculate, collectErrors, example } from './lib.mjs';

const ex = example(publishedRuleset('gd-sthj-water'), 'water-over-standard', '170000');

/** Elements wider than the screen (a horizontal scroll on a phone is a bug). */
const overflow = (page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > width + 1 && !el.closest('.visually-hidden'))
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`);
    return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 8) };
  });

const inView = (locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
  });

for (const [size, viewport] of [
  ['360×740', PHONE],
  ['1280×800', DESKTOP],
]) {
  test(`the main flow at ${size}`, async (t) => {
    const server = await serve();
    const chrome = await browser({ viewport });
    t.after(async () => {
      await chrome.close();
      server.close();
    });
    const page = await chrome.context.newPage();
    const errors = collectErrors(page);
    await page.goto(server.url);
    await page.getByTestId('violation-search').waitFor();
    assert.deepEqual(await overflow(page), { scroll: 0, wide: [] }, 'start');

    await calculate(page, { ruleset: 'gd-sthj-water', violation: 'water-over-standard', search: '超标排放', ex });
    assert.equal(await page.getByTestId('fine-amount').textContent(), '170,000');
    assert.equal(await page.getByTestId('fine-capital').textContent(), '壹拾柒万元整');
    assert.equal(await page.getByTestId('outcome').getAttribute('data-outcome'), 'ordinary');
    assert.ok(await inView(page.getByTestId('result').locator('h2')), 'calculating brings the result heading into view');
    assert.deepEqual(await overflow(page), { scroll: 0, wide: [] }, 'form and result');

    const result = await page.getByTestId('result').boundingBox();
    const form = await page.getByTestId('facts-form').boundingBox();
    if (viewport === PHONE) {
      assert.ok(result.y >= form.y + form.height - 1, 'on a phone the result is below the form');
      // While entering facts further up, the one-line outcome stays at the bottom of the screen.
      await page.getByTestId('fact-pollutant_count').scrollIntoViewIfNeeded();
      await page.getByTestId('fact-pollutant_count').fill('3');
      await page.getByTestId('status').filter({ hasNotText: '170,000' }).waitFor();
      assert.ok(await inView(page.getByTestId('status')), 'the status line is in sight while the form is');
      const bar = await page.getByTestId('status').boundingBox();
      assert.ok(bar.y + bar.height > viewport.height - 80, 'the status bar is at the bottom of the screen');
      await page.getByTestId('to-result').click();
      assert.ok(await inView(page.getByTestId('result').locator('h2')), 'the bar’s button brings the result into view');
      await page.getByTestId('fact-pollutant_count').fill('2');
      await page.getByTestId('status').filter({ hasText: '170,000' }).waitFor();
    } else {
      assert.ok(result.x >= form.x + form.width - 1, 'on a wide screen the result is beside the form');
      assert.ok(result.y < form.y + form.height, 'and level with it');
      const bar = await page.getByTestId('status').locator('..').boundingBox();
      assert.ok(bar.width <= 1 && bar.height <= 1, 'the status bar is only for screen readers');
      assert.match(await page.getByTestId('status').textContent(), /170,000/, 'and they hear the outcome');
    }

    await page.getByTestId('open-sheet').click();
    await page.getByTestId('sheet').waitFor();
    assert.equal(await page.getByTestId('sheet-fine-amount').textContent(), '170,000');
    assert.equal(await page.getByTestId('sheet-facts').locator('tr[data-fact="pollutant_count"] td').textContent(), '2 个');
    assert.deepEqual(await overflow(page), { scroll: 0, wide: [] }, 'sheet');
    await page.getByTestId('view-table').click();
    await page.getByTestId('disclosure-item').first().waitFor();
    assert.equal((await overflow(page)).scroll, 0, 'the disclosure table scrolls inside its box, not the page');
    assert.deepEqual(errors, []);
  });
}
