// Accessibility: axe-core finds no violation on any view — start, search results,
// form, result, disclosure table, calculation sheet, the English page — nor on
// embed.html (the widget in its shadow root, and frame.html inside the iframe), at
// 360×740 and at 1280×800.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { browser, DESKTOP, fillFacts, PHONE, publishedRuleset, serve } from './helpers.mjs';
import { axe, example } from './lib.mjs';

let server;
before(async () => {
  server = await serve();
});
after(() => server?.close());

const ex = example(publishedRuleset('gd-sthj-water'), 'water-over-standard', '170000');

/**
 * Collects what axe finds on the page. One kind is left out: `landmark-unique` between
 * two documents (a landmark of the page and one inside an iframe, such as the portal's
 * <main> and frame.html's), which axe's cross-frame aggregation reports; duplicates
 * within one document still count. (embed.html shows the widget and the iframe side by
 * side, so their landmarks repeat each other: see the report.)
 */
const depth = (target) => target.length;
async function clean(page, view, found) {
  for (const v of await axe(page)) {
    const nodes = v.nodes.filter((n) => !(v.id === 'landmark-unique' && n.related.length && n.related.every((r) => depth(r) !== depth(n.target))));
    if (nodes.length) {
      found.push(`${view}: ${v.id} (${v.impact}) ${v.help}\n    ${nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.summary}`).join('\n    ')}`);
    }
  }
}

// The two sizes run side by side (each its own browser) to keep the suite short.
describe('axe', { concurrency: 2 }, () => {
  for (const [size, viewport] of [
    ['360×740', PHONE],
    ['1280×800', DESKTOP],
  ]) {
    describe(`at ${size}`, () => {
      let chrome;
      before(async () => {
        chrome = await browser({ viewport });
      });
      after(async () => chrome?.close());

      test('every view of the page has no axe violation', async () => {
        const page = await chrome.context.newPage();
        const found = [];
        const views = [];
        const check = async (view) => {
          views.push(view);
          await clean(page, view, found);
        };
        await page.goto(server.url);
        await page.getByTestId('violation-search').waitFor();
        await check('start');

        await page.getByTestId('ruleset-select').selectOption('gd-sthj-water');
        await page.getByTestId('ruleset-version').filter({ hasText: '2022' }).waitFor();
        await page.getByTestId('violation-search').fill('超标');
        await page.getByTestId('violation-water-over-standard').waitFor();
        await check('search results');

        await page.getByTestId('violation-water-over-standard').click();
        await page.getByTestId('facts-form').waitFor();
        await page.getByTestId('add-violation').locator('summary').click();
        await check('form (with 第二十九条 open)');

        await page.getByTestId('fact-pollutant_count').fill('两个');
        await page.getByTestId('calculate').click();
        await page.getByTestId('fact-error-pollutant_count').waitFor();
        await check('form with an invalid field flagged');
        await page.getByTestId('fact-pollutant_count').fill('');

        await fillFacts(page, ex.facts);
        await page.getByTestId('decided-on').fill(ex.decided_on);
        await page.getByTestId('calculate').click();
        await page.getByTestId('fine-amount').waitFor();
        for (const d of await page.getByTestId('basis').locator('details').all()) await d.evaluate((el) => (el.open = true));
        await check('result');

        await page.getByTestId('view-table').click();
        await page.getByTestId('disclosure-item').first().waitFor();
        await check('disclosure table');

        await page.getByTestId('view-sheet').click();
        await page.getByTestId('sheet').waitFor();
        await check('calculation sheet');

        await page.getByTestId('view-calc').click();
        await page.getByTestId('lang-switch').click();
        await page.locator('html[lang="en"]').waitFor();
        await page.getByTestId('fine-amount').waitFor();
        await check('result in English');

        assert.equal(views.length, 8);
        assert.deepEqual(found, [], `axe found ${found.length} violations`);
        await page.close();
      });

      test('embed.html (widget and iframe) has no axe violation', async () => {
        const page = await chrome.context.newPage();
        const found = [];
        await page.goto(`${server.url}embed.html`);
        const widget = page.getByTestId('embed-widget');
        await widget.getByTestId('facts-form').waitFor();
        const frame = page.frameLocator('[data-testid="embed-frame"] iframe.cl-frame');
        await frame.getByTestId('violation-search').waitFor();
        assert.ok(page.frames().some((f) => f.url().includes('frame.html')), 'the iframe mode loaded frame.html');
        await clean(page, 'embed.html', found);

        // With a result in the widget.
        await fillFacts(widget, ex.facts);
        await widget.getByTestId('decided-on').fill(ex.decided_on);
        await widget.getByTestId('calculate').click();
        await widget.getByTestId('fine-amount').waitFor();
        await clean(page, 'embed.html with a result in the widget', found);
        await frame.getByTestId('violation-search').fill('营业执照');
        await frame.getByTestId('violation-list').locator('button').first().click();
        await frame.getByTestId('facts-form').waitFor();
        await clean(page, 'embed.html with a form in the iframe', found);
        assert.deepEqual(found, [], `axe found ${found.length} violations`);
        await page.close();
      });
    });
  }
});
