// Embedding: embed.html under its strict CSP. The custom element renders in its shadow
// root and calculates; the iframe mode (frame.html) calculates and the iframe takes the
// height its content reports; no CSP violation is reported in either document.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, DESKTOP, fillFacts, PHONE, publishedRuleset, serve } from './helpers.mjs';
import { collectErrors, example } from './lib.mjs';

let server;
before(async () => {
  server = await serve();
});
after(() => server?.close());

// On a phone the result comes below the form, so the iframe grows when it appears; in a
// wide container it is beside the (taller) form, so the iframe grows with the form.
for (const [size, viewport] of [
  ['360×740', PHONE],
  ['1280×800', DESKTOP],
]) {
  test(`embed.html at ${size}: the widget and the iframe calculate under the strict CSP, and the iframe resizes`, async (t) => {
    const chrome = await browser({ viewport });
    t.after(() => chrome.close());
    await chrome.context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await chrome.context.newPage();
    const errors = collectErrors(page);
    const csp = [];
    page.on('console', (m) => /Content.Security.Policy|CSP/i.test(m.text()) && csp.push(m.text()));
    await page.goto(`${server.url}embed.html`);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(policy, /unsafe-inline/);

    // The widget: ruleset and violation fixed by its attributes, in an open shadow root.
    const widget = page.getByTestId('embed-widget');
    await widget.getByTestId('facts-form').waitFor();
    assert.equal(await widget.evaluate((el) => el.shadowRoot !== null && el.shadowRoot.querySelector('[data-testid="calculator"]') !== null), true);
    assert.equal(await widget.getByTestId('ruleset-select').count(), 0, 'no ruleset choice when the embedder fixed it');
    assert.match(await widget.getByTestId('ruleset-title').textContent(), /水污染/);
    assert.match(await widget.getByTestId('chosen-name').textContent(), /超过水污染物排放标准/);
    const water = example(publishedRuleset('gd-sthj-water'), 'water-over-standard', '170000');
    await fillFacts(widget, water.facts);
    await widget.getByTestId('decided-on').fill(water.decided_on);
    await widget.getByTestId('calculate').click();
    await widget.getByTestId('fine-amount').waitFor();
    assert.equal(await widget.getByTestId('fine-amount').textContent(), '170,000');
    assert.equal(await widget.getByTestId('fine-capital').textContent(), '壹拾柒万元整');
    const full = new URL(await widget.getByTestId('open-full').getAttribute('href'));
    assert.equal(full.origin + full.pathname, `${server.url}index.html`);
    assert.equal(new URLSearchParams(full.hash.slice(1)).get('f.pollutant_count'), '2', 'the link to the full page carries the case');
    // The widget's styles came in through its stylesheet (no inline style under this CSP).
    assert.notEqual(await widget.getByTestId('calculate').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)');

    // The iframe mode.
    const iframe = page.getByTestId('embed-frame').locator('iframe.cl-frame');
    const frame = page.frameLocator('[data-testid="embed-frame"] iframe.cl-frame');
    await frame.getByTestId('violation-search').waitFor();
    // The host's theme reaches the iframe (custom properties do not cross it by themselves).
    const accent = await page.getByTestId('embed-frame').evaluate((el) => getComputedStyle(el).getPropertyValue('--cailiang-accent').trim());
    assert.equal(accent, '#9e1b1b');
    assert.equal(await frame.locator('html').evaluate((el) => getComputedStyle(el).getPropertyValue('--cailiang-accent').trim()), accent);
    assert.equal(await frame.getByTestId('violation-search').evaluate((el) => getComputedStyle(el.closest('.cl')).getPropertyValue('--r').trim()), '4px');
    const height = async () => (await iframe.boundingBox()).height;
    const contentHeight = () => frame.locator('html').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
    // The iframe takes the height its document reports (postMessage), not a fixed one.
    await assertEventually(async () => Math.abs((await height()) - (await contentHeight())) <= 1, 'the iframe is as tall as its content');
    const food = publishedRuleset('cn-food-safety');
    const ex = food.ruleset.violations.find((v) => v.id === 'unlicensed-food-business').examples.find((e) => e.expect.min === '120005');
    const searching = await height();
    await frame.getByTestId('violation-search').fill('无证经营');
    await frame.getByTestId('violation-unlicensed-food-business').click();
    await frame.getByTestId('facts-form').waitFor();
    await assertEventually(async () => (await height()) > searching + 100, `the iframe grows with the form (was ${searching}px)`);
    await assertEventually(async () => Math.abs((await height()) - (await contentHeight())) <= 1, 'the iframe follows the form');
    const beforeResult = await height();
    await fillFacts(frame, ex.facts);
    await frame.getByTestId('decided-on').fill(ex.decided_on);
    await frame.getByTestId('calculate').click();
    await frame.getByTestId('fine-min').waitFor();
    assert.equal(await frame.getByTestId('fine-min').textContent(), '120,005');
    assert.equal(await frame.getByTestId('fine-max').textContent(), '240,010');
    if (viewport === PHONE) {
      await assertEventually(async () => (await height()) > beforeResult + 100, `the iframe grows with the result (was ${beforeResult}px)`);
    } else {
      const side = await frame.getByTestId('result').boundingBox();
      const form = await frame.getByTestId('facts-form').boundingBox();
      assert.ok(side.x > form.x + form.width - 1, 'the result is beside the form');
    }
    // However tall the frame, the result is in sight in the portal once it is shown:
    // focus moves to its heading, and the portal scrolls to it.
    const heading = await frame.getByTestId('result').locator('h2').evaluate((el) => el.getBoundingClientRect().top);
    const frameTop = await iframe.evaluate((el) => el.getBoundingClientRect().top);
    const portalHeight = await page.evaluate(() => innerHeight);
    assert.ok(frameTop + heading >= 0 && frameTop + heading < portalHeight, `the result's heading is in the portal's viewport (at ${frameTop + heading}px of ${portalHeight}px)`);
    await assertEventually(async () => Math.abs((await height()) - (await contentHeight())) <= 1, 'the iframe is as tall as the result');
    // The frame's document fits: it does not scroll inside the portal.
    assert.equal(await frame.locator('html').evaluate((el) => el.scrollHeight <= innerHeight + 1), true, 'no scroll bar inside the iframe');

    for (const f of page.frames()) assert.deepEqual(await f.evaluate(() => window.__csp), [], `CSP violations in ${f.url()}`);
    assert.deepEqual(csp, []);
    assert.deepEqual(errors, []);
  });
}

async function assertEventually(check, message, timeout = 5000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(message);
}
