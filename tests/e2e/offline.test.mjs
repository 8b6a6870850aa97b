// Offline: after a first load, once the service worker is ready and has precached the
// build, the page reloads and calculates with the network off — and the server gone.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browser, PHONE, publishedRuleset, serve } from './helpers.mjs';
import { calculate, collectErrors, example } from './lib.mjs';

test('with the network off the page reloads from the service worker and gives a result', async () => {
  const server = await serve();
  const chrome = await browser({ viewport: PHONE });
  try {
    const page = await chrome.context.newPage();
    await page.goto(server.url);
    await page.getByTestId('violation-search').waitFor();
    const sw = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      // `ready` resolves when the worker is active, i.e. after install has cached every file.
      const keys = await caches.keys();
      const cached = keys.length ? (await (await caches.open(keys[0])).keys()).map((r) => new URL(r.url).pathname) : [];
      return { state: reg.active && reg.active.state, keys, cached };
    });
    assert.equal(sw.state, 'activated');
    assert.equal(sw.keys.length, 1);
    assert.match(sw.keys[0], /^cailiang-/);
    for (const f of ['/index.html', '/rulesets/index.json']) assert.ok(sw.cached.includes(f), `${f} is precached`);
    assert.ok(sw.cached.some((f) => /^\/assets\/engine\.[0-9a-f]+\.wasm$/.test(f)), 'the engine is precached');
    assert.ok(sw.cached.filter((f) => /^\/rulesets\/.+\.json$/.test(f)).length > 10, 'every ruleset is precached');

    server.close();
    await chrome.context.setOffline(true);
    const logged = server.log.length;
    const errors = collectErrors(page);
    const fromWorker = [];
    page.on('response', (r) => fromWorker.push([r.url(), r.fromServiceWorker()]));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const ex = example(publishedRuleset('gd-sthj-water'), 'water-over-standard', '170000');
    await calculate(page, { ruleset: 'gd-sthj-water', violation: 'water-over-standard', search: '超标排放', ex });
    assert.equal(await page.getByTestId('fine-amount').textContent(), '170,000');
    assert.equal(await page.getByTestId('fine-capital').textContent(), '壹拾柒万元整');
    assert.ok(fromWorker.length > 3, 'the page loaded its files');
    assert.deepEqual(fromWorker.filter(([, sw]) => !sw), [], 'every response came from the service worker');
    assert.equal(server.log.length, logged, 'the server saw nothing');
    assert.deepEqual(errors, []);
  } finally {
    await chrome.close();
    server.close();
  }
});
