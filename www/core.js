// The calculator: loads the engine and the published rulesets, and renders the
// choice of benchmark, the search for the violation, the form of facts, the result,
// the calculation sheet (计算单) and the disclosure table (公示) into a root element —
// the page's <main>, the widget's shadow root or the frame. Plain DOM, no framework;
// nothing is written as HTML except the engine's escaped disclosure table.

import init, { Calculator } from './engine.js';
import { readFact } from './facts.js';
import { STRINGS, langKey } from './i18n.js';
import { capitalYuan, formatYuan } from './money.js';

// Filled in by script/build.
const SITE = new URL('__SITE_ROOT__', import.meta.url);
const WASM = new URL('__WASM_FILE__', import.meta.url);
const WASM_SRI = '__WASM_SRI__';
/** The calculator's stylesheet, for a shadow root. */
export const CALC_CSS = new URL('__CALC_CSS__', import.meta.url);
/** Its integrity. */
export const CALC_CSS_SRI = '__CALC_CSS_SRI__';
/** The page that opens a case in full (sheet, sharing). */
export const FULL_PAGE = new URL('index.html', SITE);
/** The page for iframe embedding. */
export const FRAME_PAGE = new URL('frame.html', SITE);

const sri = (s) => (s.startsWith('__') ? undefined : s);

let engine;
/** Compiles the engine once. Rejects where WebAssembly is missing or forbidden by CSP. */
export function loadEngine() {
  engine ??= init({ module_or_path: fetch(WASM, { integrity: sri(WASM_SRI) }) });
  return engine;
}

let manifest;
/** The published rulesets, grouped by id with their versions (rulesets/index.json). */
export function loadManifest() {
  manifest ??= fetch(new URL('rulesets/index.json', SITE)).then((r) => {
    if (!r.ok) throw new Error(`rulesets/index.json: HTTP ${r.status}`);
    return r.json();
  });
  return manifest;
}

const published = new Map();
/** The JSON of one published version, as `cailiang export` wrote it. */
function loadVersion(version) {
  if (!published.has(version.file)) {
    const p = fetch(new URL(version.file, SITE), { integrity: version.integrity }).then((r) => {
      if (!r.ok) throw new Error(`${version.file}: HTTP ${r.status}`);
      return r.json();
    });
    published.set(version.file, p);
    p.catch(() => published.delete(version.file));
  }
  return published.get(version.file);
}

const calculators = new Map();
/** A Calculator with every version of a ruleset (第三十七条). */
export function loadRuleset(entry) {
  if (!calculators.has(entry.id)) {
    const p = Promise.all([loadEngine(), ...entry.versions.map(loadVersion)]).then(([, ...files]) => {
      const calc = new Calculator(files[0]);
      for (const f of files.slice(1)) calc.addVersion(f);
      return calc;
    });
    calculators.set(entry.id, p);
    p.catch(() => calculators.delete(entry.id));
  }
  return calculators.get(entry.id);
}

// ---------------------------------------------------------------------------
// Small helpers

/** Appends children, skipping null and false, flattening arrays. */
function append(el, ...kids) {
  for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) el.append(kid);
  return el;
}

/** Creates an element: props are attributes, `text`, `class`, `testid` and on* listeners. */
function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  return append(el, ...kids);
}

const CN_DIGIT = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT = { 十: 10, 百: 100, 千: 1000 };

/** "一百二十四" → 124; NaN for anything else. */
export function cnToInt(text) {
  if (!text) return NaN;
  let total = 0;
  let n = 0;
  for (const c of text) {
    if (c in CN_DIGIT) n = CN_DIGIT[c];
    else if (c in CN_UNIT) {
      total += (n || (c === '十' ? 1 : 0)) * CN_UNIT[c];
      n = 0;
    } else return NaN;
  }
  return total + n;
}

/** 3 → "三", 12 → "十二", 124 → "一百二十四". */
export function intToCn(n) {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n];
  if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
  if (n < 100) return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? '零' + d[rest] : rest < 20 ? '一' + intToCn(rest) : intToCn(rest);
  return d[Math.floor(n / 100)] + '百' + tail;
}

/** The number of an article written "第八十三条" (or "第83条"); NaN if it is not one. */
export function articleNumber(article) {
  const m = /^第\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*条/.exec(article || '');
  if (!m) return NaN;
  return /^\d/.test(m[1]) ? Number(m[1]) : cnToInt(m[1]);
}

/** The article a query names ("124", "第124条", "第一百二十四条"), or NaN. */
export function queryArticle(query) {
  const q = query.replace(/\s+/g, '');
  if (/^\d{1,4}$/.test(q)) return Number(q);
  if (/^第/.test(q)) return articleNumber(q.endsWith('条') ? q : q + '条');
  return NaN;
}

/** "水污染防治法 第八十三条第二项". */
export function citation(c, withVersion) {
  let s = `${c.law}${withVersion && c.version ? `（${c.version}）` : ' '}${c.article}`;
  if (c.paragraph) s += `第${intToCn(c.paragraph)}款`;
  if (c.item) s += `第${intToCn(c.item)}项`;
  return s;
}

/** Whether a violation matches a search query. */
export function matches(v, query) {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const n = queryArticle(q);
  if (!Number.isNaN(n) && articleNumber(v.punishes.article) === n) return true;
  const hay = [v.name, v.name_en, v.category, v.id, ...(v.keywords || []), citation(v.punishes)]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// Facts shown only when another fact allows them.
const SHOWN_IF = {
  age: (v) => v.party === 'individual',
  mental_capacity: (v) => v.party === 'individual',
};
const GROUP_OF = {
  party: 'party',
  age: 'party',
  mental_capacity: 'party',
  violation_date: 'dates',
  violation_end_date: 'dates',
  discovered_date: 'dates',
};

// ---------------------------------------------------------------------------
// State in the URL fragment: #r=ID&v=ID,ID&d=DATE&f.NAME=VALUE&l=en&view=sheet

/** Reads the state a share link carries. */
export function parseFragment(hash) {
  const p = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  const values = {};
  for (const [k, v] of p) if (k.startsWith('f.')) values[k.slice(2)] = v;
  return {
    ruleset: p.get('r') || undefined,
    violations: p.get('v') ? p.get('v').split(',').filter(Boolean) : [],
    decidedOn: p.get('d') || undefined,
    lang: p.get('l') || undefined,
    view: p.get('view') || undefined,
    values,
  };
}

let instances = 0;

/**
 * Renders a calculator into `root` (an element or a shadow root's container).
 * options: {lang, ruleset, violation, fixedRuleset, fixedViolation (the embedder chose them),
 * embedded (a widget or frame: no print, link to the full page), hash (keep the
 * state in location.hash), onHeight}.
 */
export function mount(root, options = {}) {
  const id = `cl${instances++ || ''}`;
  const fromHash = options.hash ? parseFragment(location.hash) : parseFragment('');
  const st = {
    lang: langKey(fromHash.lang || options.lang || document.documentElement.lang),
    entries: [],
    entry: null,
    calc: null,
    info: null,
    violations: fromHash.violations.length ? fromHash.violations : options.violation ? [options.violation] : [],
    decls: [],
    values: { ...fromHash.values },
    decidedOn: fromHash.decidedOn || today(),
    touched: new Set(),
    submitted: false,
    started: Object.keys(fromHash.values).length > 0,
    query: '',
    result: null,
    view: fromHash.view || 'calc',
    tableVersion: null,
  };
  let t = STRINGS[st.lang];
  let lastHash = '';
  const els = {};

  const label = (o, key = 'label') => (st.lang === 'en' && o[`${key}_en`]) || o[key];

  // -- skeleton ------------------------------------------------------------
  function skeleton() {
    t = STRINGS[st.lang];
    root.replaceChildren();
    const status = h('p', { class: 'cl-status', role: 'status', testid: 'status', text: t.loading });
    els.bar = h(
      'div',
      { class: 'cl-bar no-print' },
      status,
      (els.barLink = h('button', { type: 'button', class: 'cl-link', testid: 'to-result', hidden: true, onclick: () => els.s4.querySelector('h2').focus() }, t.toResult)),
    );
    const views = h(
      'nav',
      { class: 'cl-views no-print', 'aria-label': t.mainNav },
      (els.tabCalc = h('button', { type: 'button', testid: 'view-calc', onclick: () => show('calc') }, t.calculator)),
      (els.tabTable = h('button', { type: 'button', testid: 'view-table', onclick: () => show('table') }, t.table)),
      (els.tabSheet = h('button', { type: 'button', testid: 'view-sheet', hidden: true, onclick: () => show('sheet') }, t.sheet)),
    );
    els.status = status;
    els.s1 = h('section', { class: 'cl-step', 'aria-labelledby': `${id}-h1`, testid: 'step-ruleset' });
    els.s2 = h('section', { class: 'cl-step', 'aria-labelledby': `${id}-h2`, testid: 'step-violation' });
    els.s3 = h('section', { class: 'cl-step', 'aria-labelledby': `${id}-h3`, testid: 'step-facts' });
    els.s4 = h('section', { class: 'cl-step cl-result', 'aria-labelledby': `${id}-h4`, testid: 'result' });
    els.calcView = h('div', { class: 'cl-view cl-calc', testid: 'calc-view' }, els.s1, els.s2, els.s3, els.bar, els.s4);
    els.tableView = h('div', { class: 'cl-view', testid: 'disclosure', hidden: true });
    els.sheetView = h('div', { class: 'cl-view', testid: 'sheet-view', hidden: true });
    root.append(
      h('div', { class: 'cl', lang: st.lang === 'en' ? 'en' : 'zh-CN', testid: 'calculator' }, views, els.calcView, els.tableView, els.sheetView),
    );
  }

  function heading(n, text) {
    return h('h2', { id: `${id}-h${n}`, tabindex: '-1' }, h('span', { class: 'cl-num', 'aria-hidden': 'true' }, String(n)), ' ', text);
  }

  // -- step 1: the benchmark --------------------------------------------------
  function renderRuleset() {
    const s = els.s1;
    s.replaceChildren(heading(1, t.step1));
    if (!st.entries.length) return;
    if (options.fixedRuleset && st.entry) {
      s.append(h('p', { class: 'cl-fixed', testid: 'ruleset-title' }, label(st.entry, 'title')));
    } else {
      const groups = new Map();
      for (const e of st.entries) {
        const key = `${e.jurisdiction.name}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(e);
      }
      const select = h(
        'select',
        { id: `${id}-ruleset`, testid: 'ruleset-select', onchange: (ev) => chooseRuleset(ev.target.value).then(() => refocus('ruleset-select')) },
        [...groups].map(([name, list]) =>
          h(
            'optgroup',
            { label: name },
            list.map((e) => h('option', { value: e.id, selected: st.entry && e.id === st.entry.id }, `${label(e, 'title')} · ${e.authority}`)),
          ),
        ),
      );
      s.append(h('div', { class: 'cl-field' }, h('label', { for: select.id }, t.ruleset), select));
    }
    if (st.info) {
      const i = st.info;
      const dl = h('dl', { class: 'cl-meta', testid: 'ruleset-meta' });
      const row = (k, v, testid) => v && dl.append(h('div', null, h('dt', null, k), h('dd', { testid }, v)));
      row(t.authority, i.authority);
      row(t.docNo, i.document_number);
      row(t.version, i.version, 'ruleset-version');
      row(t.effective, `${i.effective_from}${i.effective_until ? ` ${t.until} ${i.effective_until}` : ''}`);
      const others = st.entry.versions.filter((v) => v.version !== i.version);
      row(t.otherVersions, others.map((v) => `${v.version}（${v.effective_from}${v.effective_until ? `–${v.effective_until}` : ''}）`).join('；'));
      s.append(dl);
    }
  }

  // -- step 2: the violation ----------------------------------------------------
  function renderViolation() {
    const s = els.s2;
    s.replaceChildren(heading(2, t.step2));
    if (!st.info) return;
    const byId = new Map(st.info.violations.map((v) => [v.id, v]));
    if (st.violations.length) {
      const chosen = h('ul', { class: 'cl-chosen', testid: 'chosen' });
      st.violations.forEach((vid, i) => {
        const v = byId.get(vid);
        if (!v) return;
        chosen.append(
          h(
            'li',
            { 'data-violation': vid },
            h('p', { class: 'cl-vname', testid: 'chosen-name' }, label(v, 'name')),
            h('p', { class: 'cl-cite' }, citation(v.punishes)),
            i > 0 && !options.fixedViolation
              ? h('button', { type: 'button', class: 'cl-link', onclick: () => setViolations(st.violations.filter((x) => x !== vid)) }, `${t.remove}`)
              : null,
          ),
        );
      });
      s.append(chosen);
      if (!options.fixedViolation) {
        s.append(
          h(
            'p',
            { class: 'cl-actions' },
            h('button', { type: 'button', class: 'cl-secondary', testid: 'change-violation', onclick: () => setViolations([], true) }, t.change),
          ),
        );
        const rest = st.info.violations.filter((v) => !st.violations.includes(v.id));
        if (rest.length) {
          const also = h(
            'select',
            {
              id: `${id}-also`,
              testid: 'also-select',
              onchange: (ev) => {
                if (!ev.target.value) return;
                setViolations([...st.violations, ev.target.value]);
                const more = root.querySelector('[data-testid="add-violation"]');
                if (more) more.open = true;
                refocus('also-select');
              },
            },
            h('option', { value: '' }, t.selectPrompt),
            rest.map((v) => h('option', { value: v.id }, label(v, 'name'))),
          );
          s.append(
            h(
              'details',
              { class: 'cl-also', testid: 'add-violation' },
              h('summary', null, t.addAlso),
              h('div', { class: 'cl-field' }, h('label', { for: also.id }, t.addAlso), h('p', { class: 'cl-help' }, t.addAlsoHelp), also),
            ),
          );
        }
      }
      return;
    }
    const input = h('input', {
      type: 'search',
      id: `${id}-q`,
      testid: 'violation-search',
      value: st.query,
      autocomplete: 'off',
      enterkeyhint: 'search',
      'aria-describedby': `${id}-qh ${id}-qn`,
      'aria-controls': `${id}-list`,
      oninput: (ev) => {
        st.query = ev.target.value;
        renderList();
      },
    });
    els.count = h('p', { id: `${id}-qn`, class: 'cl-count', testid: 'violation-count', 'aria-live': 'polite' });
    els.list = h('div', { id: `${id}-list`, class: 'cl-vlist', testid: 'violation-list' });
    s.append(
      h('div', { class: 'cl-field' }, h('label', { for: input.id }, t.search), h('p', { id: `${id}-qh`, class: 'cl-help' }, t.searchHelp), input),
      els.count,
      els.list,
    );
    renderList();
  }

  function renderList() {
    const found = st.info.violations.filter((v) => matches(v, st.query));
    els.count.textContent = found.length ? t.found(found.length) : t.noneFound;
    const groups = new Map();
    for (const v of found) {
      const c = v.category || t.uncategorised;
      if (!groups.has(c)) groups.set(c, []);
      groups.get(c).push(v);
    }
    els.list.replaceChildren(
      ...[...groups].map(([cat, list]) =>
        h(
          'div',
          { class: 'cl-cat' },
          h('h3', null, cat),
          h(
            'ul',
            null,
            list.map((v) =>
              h(
                'li',
                null,
                h(
                  'button',
                  { type: 'button', class: 'cl-vbtn', testid: `violation-${v.id}`, 'data-violation': v.id, onclick: () => setViolations([v.id], true) },
                  h('span', { class: 'cl-vname' }, label(v, 'name')),
                  h('span', { class: 'cl-cite' }, citation(v.punishes)),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  // -- step 3: the facts ------------------------------------------------------------
  function mergedDecls() {
    const seen = new Map();
    for (const vid of st.violations) {
      const form = st.calc.form(vid);
      if (!form) continue;
      for (const f of form.facts) if (!seen.has(f.name)) seen.set(f.name, f);
    }
    return [...seen.values()];
  }

  const visible = (d) => !SHOWN_IF[d.name] || SHOWN_IF[d.name](st.values);

  function renderForm() {
    const s = els.s3;
    s.replaceChildren(heading(3, t.step3));
    els.fields = {};
    if (!st.violations.length || !st.calc) {
      s.append(h('p', { class: 'cl-help' }, t.pickFirst));
      return;
    }
    const groups = { party: [], own: [], dates: [], general: [] };
    for (const d of st.decls) {
      const g = d.general ? GROUP_OF[d.name] || 'general' : 'own';
      groups[g].push(field(d));
    }
    groups.dates.push(decidedField());
    const fs = (legend, kids, testid) => kids.length && h('fieldset', { class: 'cl-group', testid }, h('legend', null, legend), kids);
    els.form = h(
      'form',
      {
        novalidate: true,
        testid: 'facts-form',
        onsubmit: (ev) => {
          ev.preventDefault();
          st.submitted = true;
          st.started = true;
          compute(true);
        },
      },
      fs(t.party, groups.party, 'group-party'),
      fs(t.violationFacts, groups.own, 'group-violation'),
      fs(t.dates, groups.dates, 'group-dates'),
      fs(t.circumstances, groups.general, 'group-circumstances'),
      h(
        'p',
        { class: 'cl-actions' },
        h('button', { type: 'submit', class: 'cl-primary', testid: 'calculate' }, t.calculate),
        h('button', { type: 'button', class: 'cl-secondary', testid: 'clear', onclick: clearFacts }, t.clear),
      ),
    );
    s.append(els.form);
    refreshVisibility();
  }

  function fieldIds(name) {
    return { input: `${id}-f-${name}`, help: `${id}-h-${name}`, error: `${id}-e-${name}` };
  }

  function field(d) {
    const ids = fieldIds(d.name);
    const raw = st.values[d.name];
    const help = label(d, 'help');
    const unit = d.unit || (d.type === 'money' ? t.yuan : '');
    const error = h('p', { id: ids.error, class: 'cl-error', testid: `fact-error-${d.name}`, hidden: true });
    const describedBy = [help ? ids.help : null, ids.error].filter(Boolean).join(' ');
    const helpEl = help ? h('p', { id: ids.help, class: 'cl-help' }, help) : null;
    const onChange = (value, final) => {
      st.started = true;
      if (value === undefined) delete st.values[d.name];
      else st.values[d.name] = value;
      if (final) st.touched.add(d.name);
      if (d.name in dependents) refreshVisibility();
      schedule();
    };
    let control;
    let wrap;
    if (d.type === 'boolean' || d.type === 'choices') {
      const multi = d.type === 'choices';
      const chosen = multi ? new Set(String(raw || '').split(',').filter(Boolean)) : null;
      const opts = multi
        ? d.choices.map((c) => ({ value: c.value, text: label(c) }))
        : [
            { value: '', text: t.unset },
            { value: 'yes', text: t.yes },
            { value: 'no', text: t.no },
          ];
      const current = multi ? null : raw === '1' || raw === 'yes' ? 'yes' : raw === '0' || raw === 'no' ? 'no' : '';
      const items = opts.map((o, i) => {
        const input = h('input', {
          type: multi ? 'checkbox' : 'radio',
          name: `${id}-${d.name}`,
          id: `${ids.input}-${i}`,
          value: o.value,
          testid: `fact-${d.name}-${o.value || 'unset'}`,
          checked: multi ? chosen.has(o.value) : current === o.value,
          onchange: () => {
            if (multi) {
              const list = [...wrap.querySelectorAll('input:checked')].map((x) => x.value);
              onChange(list.length ? list.join(',') : undefined, true);
            } else onChange(o.value === '' ? undefined : o.value, true);
          },
        });
        return h('label', { class: 'cl-choice', for: input.id }, input, h('span', null, o.text));
      });
      wrap = h(
        'fieldset',
        { class: `cl-field ${multi ? 'cl-checks' : 'cl-seg'}`, testid: `fact-${d.name}`, 'data-fact': d.name, 'aria-describedby': describedBy },
        h('legend', null, label(d)),
        helpEl,
        h('div', { class: 'cl-options' }, items),
        error,
      );
      control = wrap;
    } else {
      if (d.type === 'choice') {
        control = h(
          'select',
          {
            id: ids.input,
            testid: `fact-${d.name}`,
            'aria-describedby': describedBy,
            onchange: (ev) => onChange(ev.target.value || undefined, true),
          },
          h('option', { value: '' }, t.selectPrompt),
          d.choices.map((c) => h('option', { value: c.value, selected: raw === c.value }, label(c))),
        );
      } else {
        const isDate = d.type === 'date';
        control = h('input', {
          id: ids.input,
          testid: `fact-${d.name}`,
          type: isDate ? 'date' : 'text',
          inputmode: isDate ? null : d.type === 'integer' ? 'numeric' : 'decimal',
          autocomplete: 'off',
          spellcheck: 'false',
          value: raw ?? '',
          min: isDate ? d.min : null,
          max: isDate ? d.max : null,
          'aria-describedby': describedBy,
          oninput: (ev) => onChange(ev.target.value === '' ? undefined : ev.target.value, false),
          onchange: (ev) => onChange(ev.target.value === '' ? undefined : ev.target.value, true),
        });
      }
      const bounds = d.min != null || d.max != null ? boundsText(d) : '';
      wrap = h(
        'div',
        { class: 'cl-field', 'data-fact': d.name },
        h('label', { for: ids.input }, label(d), bounds ? h('span', { class: 'cl-bounds' }, bounds) : null),
        helpEl,
        h('div', { class: 'cl-input' }, control, unit && d.type !== 'choice' ? h('span', { class: 'cl-unit', 'aria-hidden': 'true' }, unit) : null),
        error,
      );
      if (unit && d.type !== 'choice') control.setAttribute('aria-label', `${label(d)}（${unit}）`);
    }
    els.fields[d.name] = { decl: d, wrap, control, error };
    return wrap;
  }

  const dependents = { party: true };

  function boundsText(d) {
    if (d.type === 'date') return '';
    if (d.min != null && d.max != null) return st.lang === 'en' ? ` (${d.min}–${d.max})` : `（${d.min}～${d.max}）`;
    if (d.min != null) return st.lang === 'en' ? ` (at least ${d.min})` : `（不小于${d.min}）`;
    return st.lang === 'en' ? ` (at most ${d.max})` : `（不大于${d.max}）`;
  }

  function decidedField() {
    const ids = fieldIds('decided_on');
    const input = h('input', {
      id: ids.input,
      type: 'date',
      testid: 'decided-on',
      value: st.decidedOn,
      'aria-describedby': `${ids.help} ${ids.error}`,
      oninput: (ev) => {
        st.started = true;
        st.decidedOn = ev.target.value;
        schedule();
      },
    });
    const error = h('p', { id: ids.error, class: 'cl-error', testid: 'fact-error-decided_on', hidden: true });
    const wrap = h(
      'div',
      { class: 'cl-field', 'data-fact': 'decided_on' },
      h('label', { for: ids.input }, t.decidedOn),
      h('p', { id: ids.help, class: 'cl-help' }, t.decidedOnHelp),
      h('div', { class: 'cl-input' }, input),
      error,
    );
    els.fields.decided_on = { decl: { name: 'decided_on', label: t.decidedOn }, wrap, control: input, error };
    return wrap;
  }

  function refreshVisibility() {
    for (const { decl, wrap } of Object.values(els.fields || {})) {
      if (SHOWN_IF[decl.name]) wrap.hidden = !visible(decl);
    }
  }

  function clearFacts() {
    st.values = {};
    st.touched.clear();
    st.submitted = false;
    st.started = false;
    st.decidedOn = today();
    renderForm();
    compute(false);
  }

  // -- computing ----------------------------------------------------------------------
  let timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => compute(false), 120);
  }

  /** Reads the form, asks the engine, and shows the result or what is missing. */
  function compute(focus) {
    clearTimeout(timer);
    writeHash();
    if (!st.calc || !st.violations.length || !st.started) {
      st.result = null;
      renderResult();
      return;
    }
    const facts = {};
    const local = {};
    for (const d of st.decls) {
      if (!visible(d)) continue;
      const raw = d.type === 'choices' ? (st.values[d.name] ? st.values[d.name].split(',') : undefined) : st.values[d.name];
      const r = readFact(d, raw);
      if (r.error) local[d.name] = r.error[st.lang === 'en' ? 'en' : 'zh'];
      else if (!r.absent) facts[d.name] = r.value;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(st.decidedOn || '')) local.decided_on = st.lang === 'en' ? 'must be a date written YYYY-MM-DD' : '应为日期，格式为 YYYY-MM-DD';
    const request = { violations: st.violations, facts, decided_on: st.decidedOn };
    if (Object.keys(local).length) {
      st.result = { kind: 'invalid', local, problems: [] };
    } else {
      try {
        st.result = { kind: 'ok', assessment: st.calc.assess(request), facts, request };
      } catch (e) {
        st.result = { kind: 'problems', local, problems: Array.isArray(e.problems) ? e.problems : [{ code: e.code || 'error', path: e.path || '', message: e.message, message_zh: e.message }] };
      }
    }
    showFieldErrors();
    renderResult();
    if (focus) {
      const first = firstError();
      if (first) first.focus();
      else els.s4.querySelector('h2').focus();
    }
  }

  function problemText(p) {
    return st.lang === 'en' ? p.message : p.message_zh || p.message;
  }

  /** The error each field shows now: local errors once touched, engine errors, missing facts after submit. */
  function showFieldErrors() {
    const r = st.result || {};
    const msgs = {};
    for (const [name, msg] of Object.entries(r.local || {})) {
      if (st.submitted || st.touched.has(name) || name === 'decided_on') msgs[name] = msg;
    }
    for (const p of r.problems || []) {
      const name = p.path.startsWith('facts.') ? p.path.slice(6) : p.path;
      if (!els.fields[name] || msgs[name]) continue;
      if (p.code === 'missing_fact') {
        if (st.submitted) msgs[name] = t.required;
      } else msgs[name] = problemText(p);
    }
    for (const [name, f] of Object.entries(els.fields)) {
      const msg = msgs[name];
      f.error.textContent = msg || '';
      f.error.hidden = !msg;
      f.wrap.classList.toggle('cl-invalid', !!msg);
      const target = f.control.tagName === 'FIELDSET' ? f.control.querySelector('input') : f.control;
      if (msg) target.setAttribute('aria-invalid', 'true');
      else target.removeAttribute('aria-invalid');
    }
  }

  function firstError() {
    for (const f of Object.values(els.fields)) {
      if (!f.error.hidden && !f.wrap.hidden) {
        return f.control.tagName === 'FIELDSET' ? f.control.querySelector('input:checked, input') : f.control;
      }
    }
    return null;
  }

  function focusField(name) {
    const f = els.fields[name];
    if (!f) return;
    const target = f.control.tagName === 'FIELDSET' ? f.control.querySelector('input') : f.control;
    target.focus();
    f.wrap.scrollIntoView({ block: 'center' });
  }

  // -- step 4: the result ----------------------------------------------------------------
  const money = (amount, testid) => h('span', { class: 'cl-amount', testid }, formatYuan(amount));
  const capital = (amount, testid) => h('span', { class: 'cl-capital-text', testid }, capitalYuan(amount));

  function fineBlock(fine, prefix = 'fine') {
    if (!fine) return h('p', { class: 'cl-fine', testid: `${prefix}-none` }, t.noFine);
    if (fine.amount != null) {
      return h(
        'div',
        { class: 'cl-fine-box' },
        h('p', { class: 'cl-fine' }, h('span', { class: 'cl-fine-label' }, t.fine), ' ', money(fine.amount, `${prefix}-amount`), ' ', t.yuan),
        h('p', { class: 'cl-capital' }, `${t.capital}${t.colon}`, capital(fine.amount, `${prefix}-capital`)),
      );
    }
    if (fine.max == null) {
      return h(
        'div',
        { class: 'cl-fine-box' },
        h('p', { class: 'cl-fine' }, h('span', { class: 'cl-fine-label' }, t.fineRange), ' ', money(fine.min, `${prefix}-min`), ` ${t.yuan}${t.atLeast}`),
        h('p', { class: 'cl-capital' }, `${t.capital}${t.colon}`, capital(fine.min, `${prefix}-min-capital`), t.atLeast),
      );
    }
    return h(
      'div',
      { class: 'cl-fine-box' },
      h(
        'p',
        { class: 'cl-fine' },
        h('span', { class: 'cl-fine-label' }, t.fineRange),
        ' ',
        money(fine.min, `${prefix}-min`),
        ` ${t.to} `,
        money(fine.max, `${prefix}-max`),
        ` ${t.yuan}`,
        fine.max_excluded ? t.maxExcluded : '',
      ),
      h('p', { class: 'cl-capital' }, `${t.capital}${t.colon}`, capital(fine.min, `${prefix}-min-capital`), ` ${t.to} `, capital(fine.max, `${prefix}-max-capital`)),
    );
  }

  function rangeText(f) {
    if (!f) return t.noFine;
    if (f.amount != null) return `${formatYuan(f.amount)} ${t.yuan}`;
    if (f.max == null) return `${formatYuan(f.min)} ${t.yuan}${t.atLeast}`;
    return `${formatYuan(f.min)} ${t.to} ${formatYuan(f.max)} ${t.yuan}${f.max_excluded ? t.maxExcluded : ''}`;
  }

  const outcomeText = (a) => t.outcomes[a.outcome] || a.outcome;
  const modeText = (mandatory) => (mandatory ? t.mandatory : t.discretionary);

  /** A condition over facts, with the facts' labels in place of their names. */
  function conditionText(cond) {
    const byName = new Map(st.decls.map((d) => [d.name, label(d)]));
    const words = st.lang === 'en' ? {} : { and: '且', or: '或', not: '非' };
    return String(cond).replace(/[a-z_][a-z0-9_]*/g, (w) => byName.get(w) || words[w] || w);
  }

  function penaltiesList(a) {
    return h(
      'ul',
      { class: 'cl-penalties', testid: 'penalties' },
      a.penalties.map((p) =>
        h(
          'li',
          { 'data-kind': p.kind, 'data-status': p.status },
          h('strong', null, t.kinds[p.kind] || p.name),
          ` （${t.modes[p.mode] || p.mode}）`,
          p.text ? h('span', { class: 'cl-ptext' }, p.text) : null,
          p.status === 'conditional' ? h('span', { class: 'cl-cond' }, `${t.conditional}${t.colon}${conditionText(p.condition || '')}`) : null,
        ),
      ),
    );
  }

  function procedureList(a, open) {
    return h(
      'dl',
      { class: 'cl-procedure', testid: 'procedure' },
      Object.entries(a.procedure).map(([k, step]) => {
        const applies = t.applies[step.applies];
        const text = typeof applies === 'function' ? applies(formatYuan(step.threshold || '')) : applies || step.applies;
        return h(
          'div',
          { 'data-step': k, 'data-applies': step.applies, testid: `procedure-${k}` },
          h('dt', null, t.steps[k] || k),
          h('dd', null, h('strong', null, text), step.note ? ` — ${st.lang === 'en' ? step.note_en || step.note : step.note}` : '', step.basis ? lawDetails(step.basis, null, open) : null),
        );
      }),
    );
  }

  function lawDetails(b, role, open) {
    return h(
      'details',
      { class: 'cl-law', open: open || null },
      h('summary', null, role ? h('span', { class: 'cl-role' }, t.roles[role] || role) : null, citation(b, true)),
      h('p', { class: 'cl-law-text', lang: 'zh-CN' }, b.text || ''),
    );
  }

  function basisList(a, open) {
    return h(
      'ul',
      { class: 'cl-basis', testid: 'basis' },
      a.basis.map((b) => h('li', { 'data-role': b.role }, lawDetails(b, b.role, open))),
    );
  }

  function reasonsList(a) {
    return h(
      'ol',
      { class: 'cl-reasons', testid: 'reasons' },
      a.reasons.map((r) => h('li', null, st.lang === 'en' ? r.en || r.zh : r.zh)),
    );
  }

  function alternativesList(a) {
    if (!a.alternatives || !a.alternatives.length) return null;
    return [
      h('h3', null, t.alternatives),
      h(
        'ul',
        { class: 'cl-alternatives', testid: 'alternatives' },
        a.alternatives.map((x) =>
          h(
            'li',
            { 'data-outcome': x.outcome },
            h('strong', null, t.outcomeLine(modeText(x.mandatory), outcomeText(x))),
            x.fine ? `${t.colon}${t.fine} ${rangeText(x.fine)}` : '',
            h('span', { class: 'cl-ptext' }, st.lang === 'en' ? x.note_en || x.note : x.note),
          ),
        ),
      ),
    ];
  }

  function alsoList(a) {
    if (!a.also || !a.also.length) return null;
    return [
      h('h3', null, t.also),
      h(
        'ul',
        { class: 'cl-also-list', testid: 'also' },
        a.also.map((x) => h('li', null, x.violation.name, `${t.colon}${rangeText(x.fine)}`)),
      ),
    ];
  }

  function outcomeBox(a) {
    return h(
      'div',
      { class: `cl-outcome cl-o-${a.outcome}`, testid: 'outcome-box' },
      h(
        'p',
        { class: 'cl-outcome-label' },
        h('span', { class: 'cl-tag', testid: 'outcome-mode', 'data-mandatory': String(a.mandatory) }, modeText(a.mandatory)),
        ' ',
        h('span', { testid: 'outcome', 'data-outcome': a.outcome }, outcomeText(a)),
      ),
      fineBlock(a.fine),
      a.statutory_fine ? h('p', { class: 'cl-statutory', testid: 'statutory-fine' }, `${t.statutory}${t.colon}${rangeText(a.statutory_fine)}`) : null,
    );
  }

  function renderResult() {
    const s = els.s4;
    s.replaceChildren(heading(4, t.step4));
    const r = st.result;
    els.barLink.hidden = !r;
    if (!r) {
      els.status.textContent = '';
      renderSheet();
      s.append(h('p', { class: 'cl-help', testid: 'result-empty' }, st.violations.length ? t.fillFirst : t.pickFirst));
      return;
    }
    if (r.kind !== 'ok') {
      const missing = r.problems.filter((p) => p.code === 'missing_fact');
      const other = r.problems.filter((p) => p.code !== 'missing_fact');
      const fieldOf = (p) => (p.path.startsWith('facts.') ? p.path.slice(6) : p.path);
      if (r.kind === 'invalid') {
        els.status.textContent = t.fixErrors;
        s.append(h('p', { class: 'cl-warn', testid: 'invalid' }, t.fixErrors));
      }
      if (missing.length) {
        els.status.textContent = t.needs + missing.map((p) => fieldName(fieldOf(p))).join('、');
        s.append(
          h('p', null, t.needsIntro),
          h(
            'ul',
            { class: 'cl-missing', testid: 'missing' },
            missing.map((p) =>
              h('li', { 'data-fact': fieldOf(p) }, h('button', { type: 'button', class: 'cl-link', onclick: () => focusField(fieldOf(p)) }, fieldName(fieldOf(p)))),
            ),
          ),
        );
      }
      const unplaced = other.filter((p) => !els.fields[fieldOf(p)]);
      if (unplaced.length) {
        els.status.textContent = t.error + unplaced.map(problemText).join('；');
        s.append(h('ul', { class: 'cl-warn', testid: 'problems' }, unplaced.map((p) => h('li', { 'data-code': p.code }, problemText(p)))));
      } else if (other.length && !missing.length) {
        els.status.textContent = t.fixErrors;
        s.append(h('p', { class: 'cl-warn', testid: 'invalid' }, t.fixErrors));
      }
      renderSheet();
      return;
    }
    const a = r.assessment;
    els.status.textContent = `${t.outcomeLine(modeText(a.mandatory), outcomeText(a))}${a.fine ? `${t.comma}${t.fine} ${rangeText(a.fine)}` : ''}`;
    append(s,
      outcomeBox(a),
      h('p', { class: 'cl-notice', testid: 'notice' }, t.notice),
      alternativesList(a),
      alsoList(a),
      h('h3', null, t.penalties),
      penaltiesList(a),
      h('h3', null, t.procedure),
      procedureList(a, false),
      h('h3', null, t.basis),
      basisList(a, false),
      h('h3', null, t.reasons),
      reasonsList(a),
      actions(),
    );
    renderSheet();
  }

  function fieldName(name) {
    const f = els.fields[name];
    return f ? label(f.decl) : name;
  }

  function actions() {
    const url = shareUrl();
    if (options.embedded) {
      return h(
        'p',
        { class: 'cl-actions no-print' },
        h('a', { href: url, target: '_blank', rel: 'noopener', class: 'cl-secondary', testid: 'open-full' }, t.openFull),
      );
    }
    const input = h('input', { id: `${id}-share`, type: 'text', readonly: true, value: url, testid: 'share-link', class: 'cl-share-input' });
    const copied = h('span', { class: 'cl-copied', role: 'status', testid: 'copied' });
    return h(
      'div',
      { class: 'cl-share no-print' },
      h(
        'p',
        { class: 'cl-actions' },
        h('button', { type: 'button', class: 'cl-primary', testid: 'open-sheet', onclick: () => show('sheet') }, t.openSheet),
        h('button', { type: 'button', class: 'cl-secondary', testid: 'print', onclick: () => show('sheet', true) }, t.print),
      ),
      h('label', { for: input.id }, t.share),
      h('p', { class: 'cl-help' }, t.shareHelp),
      h(
        'div',
        { class: 'cl-input' },
        input,
        h(
          'button',
          {
            type: 'button',
            class: 'cl-secondary',
            testid: 'copy-link',
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(input.value);
              } catch {
                input.select();
                document.execCommand?.('copy');
              }
              copied.textContent = t.copied;
              setTimeout(() => (copied.textContent = ''), 2000);
            },
          },
          t.copy,
        ),
      ),
      copied,
    );
  }

  // -- the calculation sheet (计算单) --------------------------------------------------
  function factValue(d, v) {
    if (d.type === 'boolean') return v ? t.yes : t.no;
    if (d.type === 'choice') return label(d.choices.find((c) => c.value === v) || { label: v });
    if (d.type === 'choices') return v.map((x) => label(d.choices.find((c) => c.value === x) || { label: x })).join('；');
    if (d.type === 'money') return `${formatYuan(v)} ${d.unit || t.yuan}`;
    return `${v}${d.unit ? ` ${d.unit}` : ''}`;
  }

  function renderSheet() {
    const s = els.sheetView;
    const r = st.result;
    els.tabSheet.hidden = !(r && r.kind === 'ok');
    if (!r || r.kind !== 'ok') {
      s.replaceChildren();
      if (st.view === 'sheet') show('calc');
      return;
    }
    const a = r.assessment;
    const version = st.entry.versions.find((v) => v.version === a.ruleset.version) || {};
    const kv = h('table', { class: 'cl-kv' });
    const row = (k, v, testid) => v && kv.append(h('tr', null, h('th', { scope: 'row' }, k), h('td', { testid }, v)));
    row(t.sheetRuleset, `${st.info.title}`, 'sheet-ruleset');
    row(t.authority, st.info.authority);
    row(t.docNo, st.info.document_number);
    row(t.version, a.ruleset.version, 'sheet-version');
    row(t.effective, version.effective_from && `${version.effective_from}${version.effective_until ? ` ${t.until} ${version.effective_until}` : ''}`);
    row(t.sheetFile, version.source, 'sheet-file');
    row(t.sheetSha, h('code', null, a.ruleset.sha256 || version.sha256 || ''), 'sheet-sha256');
    row(t.sheetViolation, [a.violation.name, ...(a.also || []).map((x) => x.violation.name)].join('；'), 'sheet-violation');
    row(t.sheetDecided, a.decided_on, 'sheet-decided');
    const facts = h(
      'table',
      { class: 'cl-kv', testid: 'sheet-facts' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t.fact), h('th', { scope: 'col' }, t.value))),
      h(
        'tbody',
        null,
        st.decls.filter((d) => d.name in r.facts).map((d) => h('tr', { 'data-fact': d.name }, h('th', { scope: 'row' }, label(d)), h('td', null, factValue(d, r.facts[d.name])))),
      ),
    );
    const made = new Date();
    const article = h(
        'article',
        { class: 'cl-sheet', testid: 'sheet', 'aria-labelledby': `${id}-sheet-h` },
        h('h2', { id: `${id}-sheet-h`, tabindex: '-1' }, t.sheetTitle),
        kv,
        h('h3', null, t.sheetFacts),
        facts,
        h('h3', null, t.outcome),
        outcomeBox(a),
        alternativesList(a),
        alsoList(a),
        h('h3', null, t.penalties),
        penaltiesList(a),
        h('h3', null, t.procedure),
        procedureList(a, true),
        h('h3', null, t.basis),
        basisList(a, true),
        h('h3', null, t.reasons),
        reasonsList(a),
        h('p', { class: 'cl-notice' }, t.notice),
        h('p', { class: 'cl-small' }, `${t.sheetMade}${t.colon}${made.toLocaleString(st.lang === 'en' ? 'en' : 'zh-CN')}`),
        h('p', { class: 'cl-small cl-url' }, `${t.sheetLink}${t.colon}${shareUrl()}`),
        h(
          'p',
          { class: 'cl-actions no-print' },
          options.embedded ? null : h('button', { type: 'button', class: 'cl-primary', testid: 'sheet-print', onclick: () => window.print() }, t.print),
          h('button', { type: 'button', class: 'cl-secondary', testid: 'sheet-back', onclick: () => show('calc', false, true) }, t.back),
        ),
      );
    // The sheet repeats parts of the result: its test ids say which copy is which.
    for (const el of article.querySelectorAll('[data-testid]')) {
      if (!el.dataset.testid.startsWith('sheet')) el.dataset.testid = `sheet-${el.dataset.testid}`;
    }
    s.replaceChildren(article);
  }

  // -- the disclosure table (公示) ------------------------------------------------------
  async function renderTable() {
    const s = els.tableView;
    if (!st.entry) return;
    const entry = st.entry;
    const versions = entry.versions;
    const chosen = versions.find((v) => v.version === st.tableVersion) || versions[0];
    let html;
    if (chosen === versions[0]) html = st.calc.tableHtml();
    else {
      const one = new Calculator(await loadVersion(chosen));
      html = one.tableHtml();
      one.free();
    }
    if (st.entry !== entry) return;
    // The page's own styles apply; the table's <style> would break the CSP.
    const doc = new DOMParser().parseFromString(html.replace(/<style>[\s\S]*?<\/style>/g, ''), 'text/html');
    const body = doc.body;
    const title = body.querySelector('h1');
    const parts = [];
    let current = null;
    const head = h('div', { class: 'cl-dhead' });
    for (const node of [...body.children]) {
      if (node === title) continue;
      if (node.tagName === 'H2') {
        current = h('section', { class: 'cl-dsec', 'data-violation': node.id, testid: 'disclosure-item' });
        node.removeAttribute('id');
        parts.push(current);
      }
      (current || head).append(document.importNode(node, true));
    }
    for (const table of [head, ...parts].flatMap((p) => [...p.querySelectorAll('table')])) {
      table.classList.add('cl-dtable');
      for (const th of table.querySelectorAll('th')) th.setAttribute('scope', 'row');
      const wrap = h('div', { class: 'cl-scroll' });
      table.before(wrap);
      wrap.append(table);
    }
    const search = h('input', {
      type: 'search',
      id: `${id}-dq`,
      testid: 'disclosure-search',
      autocomplete: 'off',
      oninput: (ev) => {
        const q = ev.target.value.trim().toLowerCase();
        let n = 0;
        for (const p of parts) {
          const hit = !q || q.split(/\s+/).every((w) => p.textContent.toLowerCase().includes(w));
          p.hidden = !hit;
          if (hit) n++;
        }
        count.textContent = t.tableCount(n, parts.length);
      },
    });
    const count = h('p', { class: 'cl-count', 'aria-live': 'polite', testid: 'disclosure-count' }, t.tableCount(parts.length, parts.length));
    const vselect =
      versions.length > 1
        ? h(
            'div',
            { class: 'cl-field no-print' },
            h('label', { for: `${id}-dv` }, t.version),
            h(
              'select',
              {
                id: `${id}-dv`,
                testid: 'disclosure-version',
                onchange: (ev) => {
                  st.tableVersion = ev.target.value;
                  renderTable().then(() => refocus('disclosure-version'));
                },
              },
              versions.map((v) => h('option', { value: v.version, selected: v === chosen }, `${v.version}（${v.effective_from}${v.effective_until ? `–${v.effective_until}` : ''}）`)),
            ),
          )
        : null;
    s.replaceChildren(
      h(
        'article',
        { class: 'cl-disclosure', 'aria-labelledby': `${id}-dh` },
        h('h2', { id: `${id}-dh`, tabindex: '-1' }, `${t.table}${t.colon}${title ? title.textContent : ''}`),
        vselect,
        h('div', { class: 'cl-field no-print' }, h('label', { for: search.id }, t.tableSearch), search),
        count,
        head,
        parts,
        h(
          'p',
          { class: 'cl-actions no-print' },
          options.embedded ? null : h('button', { type: 'button', class: 'cl-primary', testid: 'disclosure-print', onclick: () => window.print() }, t.print),
          h('button', { type: 'button', class: 'cl-secondary', onclick: () => show('calc', false, true) }, t.back),
        ),
      ),
    );
  }

  // -- views, fragment, language ------------------------------------------------------------
  async function show(view, print, focusCalc) {
    st.view = view;
    els.calcView.hidden = view !== 'calc';
    els.tableView.hidden = view !== 'table';
    els.sheetView.hidden = view !== 'sheet';
    for (const [tab, v] of [
      [els.tabCalc, 'calc'],
      [els.tabTable, 'table'],
      [els.tabSheet, 'sheet'],
    ]) {
      if (v === view) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    if (view === 'table') await renderTable().catch(fail);
    writeHash();
    const target = view === 'calc' ? (focusCalc ? els.s4.querySelector('h2') : null) : (view === 'table' ? els.tableView : els.sheetView).querySelector('h2');
    if (target) target.focus();
    if (print) setTimeout(() => window.print(), 50);
  }

  function fragment() {
    const p = new URLSearchParams();
    if (st.entry) p.set('r', st.entry.id);
    if (st.violations.length) p.set('v', st.violations.join(','));
    if (st.violations.length && st.decidedOn) p.set('d', st.decidedOn);
    for (const d of st.decls) {
      const v = st.values[d.name];
      if (v == null || v === '' || !visible(d)) continue;
      p.set(`f.${d.name}`, d.type === 'boolean' ? (v === 'yes' || v === '1' ? '1' : '0') : v);
    }
    if (st.lang === 'en') p.set('l', 'en');
    if (st.view !== 'calc') p.set('view', st.view);
    return p.toString();
  }

  function shareUrl(view) {
    const base = options.embedded ? FULL_PAGE.href : location.href.replace(/#.*$/, '');
    const f = fragment().replace(/&?view=[a-z]+/, '');
    return `${base}#${f}${view ? `&view=${view}` : ''}`;
  }

  function writeHash() {
    if (!options.hash) return;
    const f = fragment();
    lastHash = f;
    if (location.hash.replace(/^#/, '') !== f) history.replaceState(history.state, '', `#${f}`);
    const share = root.querySelector('[data-testid="share-link"]');
    if (share) share.value = shareUrl();
  }

  function fail(e) {
    console.error(e);
    els.status.textContent = t.loadFailed + (e && e.message ? e.message : String(e));
    els.status.classList.add('cl-warn');
  }

  // -- changing ruleset and violations ------------------------------------------------------
  async function chooseRuleset(rid, keep) {
    const entry = st.entries.find((e) => e.id === rid) || st.entries[0];
    if (!entry) return;
    st.entry = entry;
    st.tableVersion = null;
    if (!keep) {
      st.violations = [];
      st.values = {};
      st.query = '';
    }
    els.status.textContent = t.loading;
    try {
      const calc = await loadRuleset(entry);
      if (st.entry !== entry) return;
      st.calc = calc;
      st.info = calc.info();
      try {
        localStorage.setItem('cailiang.ruleset', entry.id);
      } catch {
        /* storage may be off; the choice is only a convenience */
      }
    } catch (e) {
      fail(e);
      throw e;
    }
    const known = new Set(st.info.violations.map((v) => v.id));
    st.violations = st.violations.filter((v) => known.has(v));
    els.status.textContent = '';
    renderRuleset();
    setViolations(st.violations, false, true);
  }

  /** After a re-render replaced a control the keyboard was on, give it focus again. */
  function refocus(testid) {
    const control = root.querySelector(`[data-testid="${testid}"]`);
    if (control) control.focus();
  }

  function setViolations(list, focus, keepValues) {
    st.violations = list;
    st.decls = st.calc && list.length ? mergedDecls() : [];
    if (!keepValues && !list.length) st.submitted = false;
    renderViolation();
    renderForm();
    compute(false);
    if (focus) {
      const target = (list.length ? els.s3 : els.s2).querySelector(list.length ? 'h2' : 'input');
      if (target) {
        target.focus();
        if (list.length) target.scrollIntoView({ block: 'start' });
      }
    }
  }

  function setLang(lang) {
    st.lang = langKey(lang);
    skeleton();
    renderRuleset();
    if (st.calc) {
      renderViolation();
      renderForm();
      compute(false);
    }
    show(st.view);
  }

  function applyFragment() {
    const f = parseFragment(location.hash);
    if (location.hash.replace(/^#/, '') === lastHash) return;
    st.values = { ...f.values };
    st.started = Object.keys(f.values).length > 0;
    st.submitted = false;
    st.touched.clear();
    st.decidedOn = f.decidedOn || today();
    st.violations = f.violations;
    st.view = f.view || 'calc';
    if (f.lang && langKey(f.lang) !== st.lang) setLang(f.lang);
    chooseRuleset(f.ruleset || (st.entry && st.entry.id), true).then(() => show(st.view)).catch(() => {});
  }

  // -- start --------------------------------------------------------------------------------
  skeleton();
  const ready = (async () => {
    try {
      if (typeof WebAssembly !== 'object') throw new Error(t.noWasm);
      const [m] = await Promise.all([loadManifest(), loadEngine()]);
      st.entries = m.rulesets;
      let rid = fromHash.ruleset || options.ruleset;
      if (!rid) {
        try {
          rid = localStorage.getItem('cailiang.ruleset');
        } catch {
          rid = null;
        }
      }
      await chooseRuleset(rid, true);
      await show(st.view === 'sheet' && !(st.result && st.result.kind === 'ok') ? 'calc' : st.view);
    } catch (e) {
      fail(e);
      throw e;
    }
  })();
  if (options.hash) addEventListener('hashchange', applyFragment);

  return {
    ready,
    setLang,
    get lang() {
      return st.lang;
    },
    show,
  };
}
