// The calculator in an iframe, for portals whose CSP forbids WebAssembly. The fragment
// configures it: #r=RULESET&v=VIOLATION&l=en (the same keys as a share link), and the
// host's theme as t.NAME=VALUE for the custom property --cailiang-NAME (t.accent=#9e1b1b).
// It tells its parent its height, and nothing else, so the parent can size the iframe.

import { mount, parseFragment } from './core.js';

const THEME = new Set(['accent', 'accent-fg', 'fg', 'bg', 'muted', 'line', 'surface', 'radius', 'font']);
// Colours, lengths and font lists; nothing that loads a resource or escapes the value.
const THEME_VALUE = /^[\w\s#%.,()'"+-]{1,200}$/;
for (const [key, value] of new URLSearchParams(location.hash.slice(1))) {
  const name = key.startsWith('t.') ? key.slice(2) : '';
  if (THEME.has(name) && THEME_VALUE.test(value) && !/url\s*\(|image-set/i.test(value)) {
    document.documentElement.style.setProperty(`--cailiang-${name}`, value);
  }
}

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
