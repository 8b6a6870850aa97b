// The page: the calculator in <main>, its state in the URL fragment, the language
// switch, and the service worker that keeps the page working offline.

import { mount } from './core.js';
import { STRINGS, langKey } from './i18n.js';

const $ = (id) => document.getElementById(id);

function chrome(lang) {
  const t = STRINGS[lang];
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = t.app;
  $('site-title').textContent = t.app;
  $('page-title').textContent = t.app;
  $('privacy').textContent = t.privacy;
  $('skip').textContent = lang === 'en' ? 'Skip to the calculator' : '跳到主要内容';
  $('embed-link').textContent = lang === 'en' ? 'Embed this calculator in your site' : '在您的网站中嵌入本计算器';
  const button = $('lang');
  button.textContent = t.lang;
  button.lang = t.langCode;
}

let saved = null;
try {
  saved = localStorage.getItem('cailiang.lang');
} catch {
  /* storage may be off */
}
const fromHash = /(?:^#|&)l=en(?:&|$)/.test(location.hash) ? 'en' : null;
const lang = langKey(fromHash || saved || 'zh');
chrome(lang);
const calculator = mount($('app'), { hash: true, lang });

$('lang').addEventListener('click', () => {
  const next = calculator.lang === 'en' ? 'zh' : 'en';
  try {
    localStorage.setItem('cailiang.lang', next);
  } catch {
    /* the choice is only a convenience */
  }
  chrome(next);
  calculator.setLang(next);
});

// After the first result is possible, so that precaching does not compete with it on a
// weak connection.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  calculator.ready
    .catch(() => {})
    .then(() => navigator.serviceWorker.register('sw.js'))
    .catch(() => {
      /* offline use is a bonus; the page works without it */
    });
}
