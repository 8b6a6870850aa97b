#!/usr/bin/env node
// Assembles the static site (dist/) from www/, the engine that wasm-bindgen wrote and
// the rulesets that `cailiang export` wrote. Called by script/build.
//
//   node script/site.mjs --engine target/site/engine --rulesets target/site/rulesets --out dist
//
// Heavy files get content-hashed names under assets/ and rulesets/; the entry points
// (index.html, frame.html, embed.html, widget.js, sw.js, rulesets/index.json) keep
// stable names. Every script and stylesheet reference carries its SRI hash, modules
// are preloaded with theirs, and the service worker lists every file. Output is
// deterministic; only files whose bytes change are written, stale ones are removed.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split(/\s*--/)
    .filter(Boolean)
    .map((a) => a.split(/\s+/)),
);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const WWW = path.join(ROOT, 'www');
const ENGINE = path.resolve(args.engine || 'target/site/engine');
const RULESETS = path.resolve(args.rulesets || 'target/site/rulesets');
const OUT = path.resolve(args.out || 'dist');

const out = new Map(); // path in dist → Buffer
const read = (p) => fs.readFileSync(p);
const hashOf = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 12);
const sriOf = (buf) => `sha384-${createHash('sha384').update(buf).digest('base64')}`;
const emit = (p, content) => {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  out.set(p, buf);
  return buf;
};
/** Writes assets/NAME.HASH.EXT; returns {path, file (name within assets/), sri}. */
function hashed(name, ext, content) {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const file = `${name}.${hashOf(buf)}.${ext}`;
  emit(`assets/${file}`, buf);
  return { path: `assets/${file}`, file, sri: sriOf(buf) };
}

// 1. The engine -------------------------------------------------------------------------
const wasm = hashed('engine', 'wasm', read(path.join(ENGINE, 'cailiang_bg.wasm')));
const modules = new Map(); // source name → {path, file, sri, imports}
modules.set('engine.js', { ...hashed('engine', 'js', read(path.join(ENGINE, 'cailiang.js'))), imports: [] });

// 2. The rulesets and their manifest -----------------------------------------------------
const groups = new Map();
for (const name of fs.readdirSync(RULESETS).filter((n) => n.endsWith('.json')).sort()) {
  const buf = read(path.join(RULESETS, name));
  const published = JSON.parse(buf);
  const meta = published.ruleset.ruleset;
  const stem = path.basename(published.file, '.toml');
  const file = `rulesets/${stem}.${hashOf(buf)}.json`;
  emit(file, buf);
  if (!groups.has(meta.id)) {
    groups.set(meta.id, {
      id: meta.id,
      title: meta.title,
      title_en: meta.title_en,
      authority: meta.authority,
      jurisdiction: meta.jurisdiction,
      versions: [],
    });
  }
  const group = groups.get(meta.id);
  group.versions.push({
    version: meta.version,
    effective_from: meta.effective_from,
    effective_until: meta.effective_until,
    file,
    source: published.file,
    sha256: published.sha256,
    integrity: sriOf(buf),
    bytes: buf.length,
  });
}
const rulesets = [...groups.values()];
for (const g of rulesets) {
  g.versions.sort((a, b) => (a.effective_from < b.effective_from ? 1 : -1));
  // The newest version names the ruleset.
  const newest = JSON.parse(read(path.join(RULESETS, `${path.basename(g.versions[0].source, '.toml')}.json`))).ruleset.ruleset;
  Object.assign(g, { title: newest.title, title_en: newest.title_en, authority: newest.authority, jurisdiction: newest.jurisdiction });
}
rulesets.sort((a, b) => a.jurisdiction.code.localeCompare(b.jurisdiction.code) || a.title.localeCompare(b.title, 'zh-CN') || a.id.localeCompare(b.id));
emit('rulesets/index.json', `${JSON.stringify({ rulesets }, null, 1)}\n`);

// 3. Stylesheets --------------------------------------------------------------------------
const styles = new Map();
for (const name of ['calc.css', 'page.css', 'frame.css', 'embed.css']) {
  styles.set(name, hashed(path.basename(name, '.css'), 'css', read(path.join(WWW, name))));
}

// 4. Modules, dependencies first ------------------------------------------------------------
const IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])\.\/([\w.-]+\.js)\2/g;
const placeholders = {
  __SITE_ROOT__: '../',
  __WASM_FILE__: wasm.file,
  __WASM_SRI__: wasm.sri,
  __CALC_CSS__: styles.get('calc.css').file,
  __CALC_CSS_SRI__: styles.get('calc.css').sri,
};
function module(name) {
  if (modules.has(name)) return modules.get(name);
  let src = read(path.join(WWW, name)).toString();
  const imports = [];
  src = src.replace(IMPORT, (_, lead, quote, dep) => {
    imports.push(dep);
    return `${lead}${quote}./${module(dep).file}${quote}`;
  });
  for (const [k, v] of Object.entries(placeholders)) src = src.replaceAll(`'${k}'`, `'${v}'`);
  const left = /__[A-Z_]+__/.exec(src.replace(/startsWith\('__'\)/g, ''));
  if (left) throw new Error(`${name}: placeholder ${left[0]} not filled`);
  const m = { ...hashed(path.basename(name, '.js'), 'js', src), imports };
  modules.set(name, m);
  return m;
}
for (const name of ['app.js', 'widget.js', 'frame.js', 'embed-demo.js']) module(name);

/** The module and everything it imports, dependencies first. */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return [];
  seen.add(name);
  const m = modules.get(name);
  return [...m.imports.flatMap((d) => closure(d, seen)), name];
}

// The stable loader for portals that do not pin a hash.
emit('widget.js', `// Stable address of the calculator widget; see embed.html for the pinned snippet.\nimport './${modules.get('widget.js').path}';\n`);

// 5. Pages ------------------------------------------------------------------------------------
const attr = (s) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
function scriptTags(name, base = '') {
  const deps = closure(name).slice(0, -1);
  const m = modules.get(name);
  return [
    ...deps.map((d) => `<link rel="modulepreload" href="${base}${modules.get(d).path}" integrity="${modules.get(d).sri}" crossorigin="anonymous">`),
    `<script type="module" src="${base}${m.path}" integrity="${m.sri}" crossorigin="anonymous"></script>`,
  ].join('\n');
}
function page(name) {
  let html = read(path.join(WWW, name)).toString();
  html = html.replace(/<link rel="stylesheet" href="([\w.-]+\.css)">/g, (_, css) => {
    const s = styles.get(css);
    if (!s) throw new Error(`${name}: unknown stylesheet ${css}`);
    return `<link rel="stylesheet" href="${s.path}" integrity="${s.sri}" crossorigin="anonymous">`;
  });
  html = html.replace(/<script type="module" src="([\w.-]+\.js)"><\/script>/g, (_, js) => scriptTags(js));
  const base = 'https://example.gov.cn/cailiang/';
  html = html.replace('<!--cailiang:widget-head-->', scriptTags('widget.js'));
  html = html.replace(
    '<!--cailiang:snippet-->',
    attr(
      [
        '<!-- 行政处罚裁量计算器 -->',
        scriptTags('widget.js', base),
        '<cailiang-calculator ruleset="gd-sthj-water" violation="water-over-standard" lang="zh-CN"></cailiang-calculator>',
        '',
        '<!-- iframe 模式：门户 CSP 不允许 \'wasm-unsafe-eval\' 时 -->',
        '<cailiang-calculator mode="frame" ruleset="cn-food-safety" lang="zh-CN"></cailiang-calculator>',
        '',
        '<!-- 不能加载脚本时：固定高度的 iframe -->',
        `<iframe src="${base}frame.html#r=cn-food-safety" title="行政处罚裁量计算器" height="900" referrerpolicy="no-referrer"></iframe>`,
      ].join('\n'),
    ),
  );
  const left = /<!--cailiang:[\w-]+-->|src="[\w-]+\.js"|href="[\w-]+\.css"/.exec(html);
  if (left) throw new Error(`${name}: ${left[0]} not rewritten`);
  emit(name, html);
}
for (const name of ['index.html', 'frame.html', 'embed.html']) page(name);
for (const name of ['icon.svg', 'manifest.webmanifest']) emit(name, read(path.join(WWW, name)));

// 6. The service worker -----------------------------------------------------------------------
const precache = ['./', ...[...out.keys()].sort()];
const version = hashOf(Buffer.from(precache.map((p) => (out.has(p) ? `${p} ${hashOf(out.get(p))}` : p)).join('\n')));
emit(
  'sw.js',
  read(path.join(WWW, 'sw.js'))
    .toString()
    .replace("'__VERSION__'", `'${version}'`)
    .replace('__FILES__', JSON.stringify(precache, null, 1)),
);

// 7. Write what changed, remove what is gone -----------------------------------------------------
let written = 0;
let removed = 0;
for (const [p, buf] of out) {
  const file = path.join(OUT, p);
  let same = false;
  try {
    same = read(file).equals(buf);
  } catch {
    same = false;
  }
  if (!same) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, buf);
    fs.renameSync(`${file}.tmp`, file);
    written++;
  }
}
(function prune(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(OUT, full).split(path.sep).join('/');
    if (entry.isDirectory()) {
      prune(full);
      if (!fs.readdirSync(full).length) fs.rmdirSync(full);
    } else if (!out.has(rel)) {
      fs.unlinkSync(full);
      removed++;
    }
  }
})(OUT);

// 8. Sizes (brotli, quality 11) -----------------------------------------------------------------
// Brotli at quality 11 takes seconds on the wasm: sizes are remembered by content hash.
const sizesFile = path.join(path.dirname(ENGINE), 'brotli-sizes.json');
let sizes = {};
try {
  sizes = JSON.parse(fs.readFileSync(sizesFile, 'utf8'));
} catch {
  sizes = {};
}
const known = {};
const br = (buf) => {
  const key = createHash('sha256').update(buf).digest('hex');
  known[key] = sizes[key] ?? zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return known[key];
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const first = ['index.html', styles.get('calc.css').path, styles.get('page.css').path, ...closure('app.js').map((n) => modules.get(n).path), wasm.path, 'rulesets/index.json'];
const largest = rulesets.flatMap((g) => g.versions).sort((a, b) => b.bytes - a.bytes)[0];
const gd = rulesets.find((g) => g.id === 'gd-sthj-water');
const one = (gd || rulesets[0]).versions[0].file;
const firstTotal = [...first, one].reduce((n, p) => n + br(out.get(p)), 0);
console.log(`dist: ${out.size} files (${written} written, ${removed} removed), ${rulesets.length} rulesets`);
console.log(`brotli: engine wasm ${kb(br(out.get(wasm.path)))}; first result (page, JS, CSS, wasm, manifest, ${path.basename(one)}) ${kb(firstTotal)}; largest ruleset ${path.basename(largest.file)} ${kb(br(out.get(largest.file)))}`);
fs.writeFileSync(sizesFile, JSON.stringify(known));
