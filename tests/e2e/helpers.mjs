// Shared by the browser tests: a static server for dist/, Debian's Chromium driven by
// playwright-core with a fresh profile, and filling the calculator's form from a facts
// object (the same JSON the engine takes). Build first: script/build.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * Serves dist/ on 127.0.0.1 on a free port with python3 http.server, keeping its
 * request log (the request lines it received): resolves to {url, log, close}.
 */
export function serve(dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run script/build first`);
  }
  return new Promise((resolve, reject) => {
    const server = spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = [];
    let err = '';
    server.stderr.on('data', (chunk) => {
      err += chunk;
      const lines = err.split('\n');
      err = lines.pop();
      for (const line of lines) {
        const m = /"([A-Z]+ \S+ HTTP\/[\d.]+)"/.exec(line);
        if (m) log.push(m[1]);
      }
    });
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const m = /port (\d+)/.exec(out);
      if (m) {
        server.stdout.off('data', onData);
        resolve({ url: `http://127.0.0.1:${m[1]}/`, log, close: () => server.kill() });
      }
    };
    server.stdout.on('data', onData);
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`http.server exited with ${code}: ${out}`)));
  });
}

/** Launches Chromium headless with a fresh profile; resolves to {context, close}. */
export async function browser({ viewport = PHONE, ...options } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cailiang-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    locale: 'zh-CN',
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The published JSON of a ruleset by id (newest version), read from dist/. */
export function publishedRuleset(id) {
  const index = JSON.parse(fs.readFileSync(path.join(DIST, 'rulesets/index.json'), 'utf8'));
  const entry = index.rulesets.find((r) => r.id === id);
  if (!entry) throw new Error(`no ruleset ${id} in dist/rulesets/index.json`);
  return JSON.parse(fs.readFileSync(path.join(DIST, entry.versions[0].file), 'utf8'));
}

/** Fills the form from a facts object: money and decimals as strings, integers, booleans, dates, choices. */
export async function fillFacts(page, facts) {
  const names = Object.keys(facts).sort((a, b) => (a === 'party' ? -1 : b === 'party' ? 1 : 0));
  for (const name of names) {
    const value = facts[name];
    const field = page.getByTestId(`fact-${name}`);
    const tag = await field.evaluate((el) => el.tagName);
    if (tag === 'SELECT') await field.selectOption(String(value));
    else if (tag === 'INPUT') await field.fill(String(value));
    else if (typeof value === 'boolean') await page.getByTestId(`fact-${name}-${value ? 'yes' : 'no'}`).check();
    else if (Array.isArray(value)) for (const v of value) await page.getByTestId(`fact-${name}-${v}`).check();
    else throw new Error(`cannot fill fact ${name} (${tag})`);
  }
}
