// The calculator in an iframe, for portals whose CSP forbids WebAssembly. The fragment
// configures it: #r=RULESET&v=VIOLATION&l=en (the same keys as a share link). It tells
// its parent its height, and nothing else, so the parent can size the iframe.

import { mount, parseFragment } from './core.js';

const f = parseFragment(location.hash);
const calculator = mount(document.getElementById('app'), {
  ruleset: f.ruleset,
  violation: f.violations[0],
  lang: f.lang,
  fixedRuleset: Boolean(f.ruleset),
  fixedViolation: Boolean(f.violations.length),
  embedded: true,
});
document.documentElement.lang = calculator.lang === 'en' ? 'en' : 'zh-CN';

if (window.parent !== window) {
  let last = 0;
  const tell = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ cailiang: 'height', height }, '*');
    }
  };
  new ResizeObserver(tell).observe(document.documentElement);
  tell();
}
