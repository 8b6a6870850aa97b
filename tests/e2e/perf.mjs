// Performance figures of the built site in headless Chromium (not a test; prints a
// Markdown table):
//   - navigation to the first result: from navigation start to the 170,000 元 result
//     of the gd-sthj-water worked example visible, opened by its share link, with the
//     CPU throttled 4× (CDP Emulation.setCPUThrottlingRate); a cold load (fresh profile,
//     empty cache) and a warm one (reload, files from the service worker);
//   - one assessment inside the page: median (and p95) over 1,000 `calc.assess` calls
//     of that example, with and without the 4× throttling.
// The page is served with COOP/COEP so that it is cross-origin isolated and
// performance.now() has microsecond resolution (100 µs otherwise).
//   node tests/e2e/perf.mjs [RUNS]   (default 5 navigations of each kind)

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { browser, DESKTOP, DIST, publishedRuleset } from './helpers.mjs';
import { engineFiles, example, fragmentFor } from './lib.mjs';

const RUNS = Number(process.argv[2] || 5);
const THROTTLE = 4;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

function serveIsolated(dir) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-cache',
    });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const published = publishedRuleset('gd-sthj-water');
const ex = example(published, 'water-over-standard', '170000');
const server = await serveIsolated(DIST);
const link = `${server.url}index.html#${fragmentFor('gd-sthj-water', ['water-over-standard'], ex)}`;

/** Marks performance.now() when the 170,000 result is first in the DOM and laid out. */
function watchForResult() {
  new MutationObserver((_, obs) => {
    const el = document.querySelector('[data-testid="fine-amount"]');
    if (el && el.textContent === '170,000' && el.getBoundingClientRect().height > 0) {
      window.__result = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

async function navigation(page, cdp) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(link);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60000 });
  const ms = await page.evaluate(() => {
    // From navigation start (timeOrigin) to the result; also when the first paint came.
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const done = (re) => {
      const ends = performance.getEntriesByType('resource').filter((e) => re.test(e.name)).map((e) => e.responseEnd);
      return ends.length ? Math.max(...ends) : NaN;
    };
    return { result: window.__result, fcp: paint ? paint.startTime : NaN, wasm: done(/\.wasm$/), ruleset: done(/gd-ecology-water\.[0-9a-f]+\.json$/) };
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return ms;
}

const cold = [];
const warm = [];
for (let i = 0; i < RUNS; i++) {
  const chrome = await browser({ viewport: DESKTOP });
  await chrome.context.addInitScript(watchForResult);
  const page = await chrome.context.newPage();
  const cdp = await chrome.context.newCDPSession(page);
  cold.push(await navigation(page, cdp));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 }).catch(() => {});
  await page.goto('about:blank');
  warm.push(await navigation(page, cdp));
  await chrome.close();
}

// One assessment, in the page, with the engine module the page uses.
const chrome = await browser({ viewport: DESKTOP });
const page = await chrome.context.newPage();
const cdp = await chrome.context.newCDPSession(page);
await page.goto(server.url);
await page.getByTestId('violation-search').waitFor();
const isolated = await page.evaluate(() => crossOriginIsolated);
const engine = engineFiles();
const request = { violations: ['water-over-standard'], facts: ex.facts, decided_on: ex.decided_on };
const entry = JSON.parse(fs.readFileSync(path.join(DIST, 'rulesets/index.json'), 'utf8')).rulesets.find((r) => r.id === 'gd-sthj-water');
await page.evaluate(
  async ({ engine, files }) => {
    const mod = await import(new URL(engine.js, location.href).href);
    await mod.default({ module_or_path: new URL(engine.wasm, location.href) });
    const loaded = await Promise.all(files.map((f) => fetch(f).then((r) => r.json())));
    window.__calc = new mod.Calculator(loaded[0]);
    for (const f of loaded.slice(1)) window.__calc.addVersion(f);
  },
  { engine, files: entry.versions.map((v) => v.file) },
);
const assess = (rate) =>
  cdp.send('Emulation.setCPUThrottlingRate', { rate }).then(() =>
    page.evaluate((request) => {
      const calc = window.__calc;
      if (calc.assess(request).fine.amount !== '170000') throw new Error('not the 170000 result');
      for (let i = 0; i < 50; i++) calc.assess(request); // warm up
      const times = [];
      for (let i = 0; i < 1000; i++) {
        const t0 = performance.now();
        calc.assess(request);
        times.push(performance.now() - t0);
      }
      return times;
    }, request),
  );
const fast = await assess(1);
const slow = await assess(THROTTLE);
await chrome.close();
server.close();

const f = (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`Headless Chromium ${process.env.CHROMIUM || '/usr/bin/chromium'}, ${RUNS} navigations of each kind, served from 127.0.0.1 (no network latency).\n`);
console.log('| measure | median | min | max |');
console.log('|---|---:|---:|---:|');
for (const [name, runs] of [
  [`navigation → 170,000 result visible, CPU ${THROTTLE}×, cold (empty cache)`, cold],
  [`navigation → 170,000 result visible, CPU ${THROTTLE}×, warm (service worker)`, warm],
]) {
  const r = runs.map((x) => x.result);
  console.log(`| ${name} | ${f(median(r))} | ${f(Math.min(...r))} | ${f(Math.max(...r))} |`);
  for (const [what, key] of [
    ['first contentful paint', 'fcp'],
    ['engine .wasm received', 'wasm'],
    ['ruleset JSON received', 'ruleset'],
  ]) {
    const p = runs.map((x) => x[key]).filter((x) => !Number.isNaN(x));
    if (p.length) console.log(`| … ${what} | ${f(median(p))} | ${f(Math.min(...p))} | ${f(Math.max(...p))} |`);
  }
}
console.log('');
console.log(`| one \`calc.assess\` in the page (1,000 calls${isolated ? ', µs timer' : ', 100 µs timer'}) | median | p95 | max |`);
console.log('|---|---:|---:|---:|');
console.log(`| CPU 1× | ${us(median(fast))} | ${us(pct(fast, 95))} | ${us(Math.max(...fast))} |`);
console.log(`| CPU ${THROTTLE}× | ${us(median(slow))} | ${us(pct(slow, 95))} | ${us(Math.max(...slow))} |`);
