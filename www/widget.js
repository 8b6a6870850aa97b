// <cailiang-calculator ruleset="gd-sthj-water" violation="water-over-standard" lang="zh-CN">
// The calculator in a Shadow DOM, added to a portal with one module script. Theme it
// with custom properties (--cailiang-accent, --cailiang-font, … see calc.css).
// mode="frame" (or a page CSP without 'wasm-unsafe-eval') runs it in an iframe
// (frame.html) that reports its height by postMessage; the theme is handed to it in the
// fragment.

import { CALC_CSS, CALC_CSS_SRI, FRAME_PAGE, mount } from './core.js';

// The theme's custom properties (calc.css): --cailiang-NAME.
const THEME = ['accent', 'accent-fg', 'fg', 'bg', 'muted', 'line', 'surface', 'radius', 'font'];

class CailiangCalculator extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = CALC_CSS.href;
    if (!CALC_CSS_SRI.startsWith('__')) {
      link.integrity = CALC_CSS_SRI;
      link.crossOrigin = 'anonymous';
    }
    const box = document.createElement('div');
    box.hidden = true;
    const reveal = () => {
      box.hidden = false;
    };
    link.addEventListener('load', reveal);
    link.addEventListener('error', reveal);
    shadow.append(link, box);
    this.box = box;
    if (this.getAttribute('mode') === 'frame') {
      this.frame();
      return;
    }
    const ruleset = this.getAttribute('ruleset') || undefined;
    const violation = this.getAttribute('violation') || undefined;
    const calculator = mount(box, {
      ruleset,
      violation,
      lang: this.getAttribute('lang') || document.documentElement.lang,
      fixedRuleset: Boolean(ruleset),
      fixedViolation: Boolean(violation),
      embedded: true,
    });
    // A page CSP that forbids compiling WebAssembly: fall back to the frame.
    calculator.ready.catch(() => this.frame());
  }

  frame() {
    const url = new URL(FRAME_PAGE);
    const p = new URLSearchParams();
    if (this.getAttribute('ruleset')) p.set('r', this.getAttribute('ruleset'));
    if (this.getAttribute('violation')) p.set('v', this.getAttribute('violation'));
    if (/^en/i.test(this.getAttribute('lang') || '')) p.set('l', 'en');
    // Custom properties do not reach into an iframe: the theme goes in the fragment.
    const style = getComputedStyle(this);
    for (const name of THEME) {
      const value = style.getPropertyValue(`--cailiang-${name}`).trim();
      if (value) p.set(`t.${name}`, value);
    }
    url.hash = p.toString();
    const iframe = document.createElement('iframe');
    iframe.src = url.href;
    iframe.className = 'cl-frame';
    iframe.title = /^en/i.test(this.getAttribute('lang') || '') ? 'Administrative penalty discretion calculator' : '行政处罚裁量计算器';
    iframe.setAttribute('referrerpolicy', 'no-referrer');
    const wrap = document.createElement('div');
    wrap.className = 'cl';
    wrap.append(iframe);
    this.box.replaceChildren(wrap);
    addEventListener('message', (event) => {
      if (event.source !== iframe.contentWindow || event.origin !== url.origin) return;
      const height = event.data && event.data.cailiang === 'height' ? Number(event.data.height) : NaN;
      if (height > 0 && height < 100000) iframe.style.height = `${height}px`;
    });
  }
}

if (!customElements.get('cailiang-calculator')) customElements.define('cailiang-calculator', CailiangCalculator);
