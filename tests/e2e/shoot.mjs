// Screenshots for looking at the page: node tests/e2e/shoot.mjs [OUTDIR]
// (default target/screenshots). Phone 360×740 and desktop 1280×800: the empty page,
// the form and the result of the 170,000 元 worked example, the sheet, the disclosure
// table, the embedding sample.

import fs from 'node:fs';
import path from 'node:path';
import { browser, DESKTOP, fillFacts, PHONE, publishedRuleset, ROOT, serve } from './helpers.mjs';

const dir = path.resolve(process.argv[2] || path.join(ROOT, 'target/screenshots'));
fs.mkdirSync(dir, { recursive: true });
const server = await serve();
const example = publishedRuleset('gd-sthj-water')
  .ruleset.violations.find((v) => v.id === 'water-over-standard')
  .examples.find((e) => e.expect.amount === '170000');

for (const [name, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
]) {
  const chrome = await browser({ viewport });
  const page = await chrome.context.newPage();
  page.on('pageerror', (e) => console.error(name, e));
  page.on('console', (m) => m.type() === 'error' && console.error(name, m.text()));
  // Full pages in pieces of at most 1200 px, so that each can be looked at.
  const shot = async (what, full = true) => {
    if (!full) return page.screenshot({ path: path.join(dir, `${name}-${what}.png`) });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < height; y += 1200, i++) {
      const clip = { x: 0, y, width: viewport.width, height: Math.min(1200, height - y) };
      await page.screenshot({ path: path.join(dir, `${name}-${what}-${i}.png`), fullPage: true, clip });
    }
  };
  await page.goto(server.url);
  await page.getByTestId('ruleset-select').selectOption('gd-sthj-water');
  await shot('start', false);
  await page.getByTestId('violation-search').fill('超标');
  await shot('search', false);
  await page.getByTestId('violation-water-over-standard').click();
  await fillFacts(page, example.facts);
  await page.getByTestId('decided-on').fill(example.decided_on);
  await page.getByTestId('calculate').click();
  await page.getByTestId('fine-amount').waitFor();
  await shot('result');
  await page.getByTestId('open-sheet').click();
  await shot('sheet');
  await page.getByTestId('view-table').click();
  await page.getByTestId('disclosure-search').fill('超标');
  await shot('table', false);
  await page.goto(`${server.url}embed.html`);
  await page.waitForTimeout(1500);
  await shot('embed');
  await chrome.close();
}
server.close();
console.log(`screenshots in ${dir}`);
