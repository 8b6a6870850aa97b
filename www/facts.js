// Reading what a user typed into a fact's field, with the rules the engine applies
// (src/facts.rs, src/money.rs, src/date.rs), so that the page never sends a value the
// engine would refuse. Each reader returns {value}, {absent: true} or {error: {zh, en}}.

import { compareDecimal } from './money.js';

const DECIMAL = /^[+-]?\d{1,20}(?:\.\d{1,8})?$/;
const AMOUNT = /^\+?\d{1,20}(?:\.\d{1,2})?$/;
const INTEGER = /^[+-]?\d{1,15}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Full-width digits and signs to ASCII; grouping commas and spaces removed. */
export function normalizeNumber(text) {
  return String(text)
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[＋]/g, '+')
    .replace(/[－—]/g, '-')
    .replace(/[,，\s\u00a0\u3000]/g, '');
}

/** Whether a YYYY-MM-DD string names a day that exists (years 1–9999). */
export function isDate(text) {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

const err = (zh, en) => ({ error: { zh, en } });

/** Reads one field. `raw` is a string (text, date, choice), or an array (choices). */
export function readFact(decl, raw) {
  if (raw === undefined || raw === null) return { absent: true };
  switch (decl.type) {
    case 'choices': {
      const list = Array.isArray(raw) ? raw : [];
      if (!list.length) return { absent: true };
      const known = new Set(decl.choices.map((c) => c.value));
      if (!list.every((v) => known.has(v))) return err('请从列出的选项中选择', 'choose from the options listed');
      return { value: [...new Set(list)] };
    }
    case 'boolean':
      if (raw === '' || raw === 'unset') return { absent: true };
      if (raw === true || raw === 'yes' || raw === '1') return { value: true };
      if (raw === false || raw === 'no' || raw === '0') return { value: false };
      return err('请选择“是”或“否”', 'choose yes or no');
    case 'choice':
      if (raw === '') return { absent: true };
      if (!decl.choices.some((c) => c.value === raw)) return err('请从列出的选项中选择', 'choose one of the options');
      return { value: raw };
    case 'date': {
      const text = normalizeNumber(raw).replace(/\//g, '-');
      if (text === '') return { absent: true };
      if (!isDate(text)) return err('应为日期，格式为 YYYY-MM-DD', 'must be a date written YYYY-MM-DD');
      return bounded(decl, text, text);
    }
    default:
      break;
  }
  const text = normalizeNumber(raw);
  if (text === '') return { absent: true };
  if (decl.type === 'money') {
    if (text.startsWith('-')) return err('金额不能为负数', 'an amount cannot be negative');
    if (!AMOUNT.test(text)) {
      return err('应为以元为单位的金额，最多两位小数，例如 1200.50', 'must be an amount in yuan with at most two decimals, e.g. 1200.50');
    }
    const value = text.replace(/^\+/, '');
    return bounded(decl, value, value);
  }
  if (decl.type === 'integer') {
    if (!INTEGER.test(text)) return err('应为整数', 'must be a whole number');
    const value = Number(text);
    if (!Number.isSafeInteger(value)) return err('数值过大', 'the number is too large');
    return bounded(decl, text.replace(/^\+/, ''), value);
  }
  if (decl.type === 'decimal') {
    if (!DECIMAL.test(text)) return err('应为数字（最多八位小数），例如 1.5', 'must be a decimal number (at most 8 decimals), e.g. 1.5');
    const value = text.replace(/^\+/, '');
    return bounded(decl, value, value);
  }
  return err('无法识别的事实类型', `unknown fact type ${decl.type}`);
}

/** Applies the declared min and max; `plain` is the comparable text, `value` what is sent. */
function bounded(decl, plain, value) {
  const cmp = decl.type === 'date' ? (a, b) => (a < b ? -1 : a > b ? 1 : 0) : compareDecimal;
  if (decl.min != null && cmp(plain, decl.min) < 0) return err(`不能小于${decl.min}`, `must be at least ${decl.min}`);
  if (decl.max != null && cmp(plain, decl.max) > 0) return err(`不能大于${decl.max}`, `must be at most ${decl.max}`);
  return { value };
}
