// Amounts as the engine gives them: decimal strings in yuan ("170000", "499.99").
// Nothing here turns an amount into a Number; every step works on the digits.

const CAPITAL = '零壹贰叁肆伍陆柒捌玖';
const PLACE = ['', '拾', '佰', '仟'];
const GROUP = ['', '万', '亿', '万亿', '亿亿'];

/** Splits a plain decimal string into sign, whole digits and fraction digits. */
function parts(text) {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(String(text));
  if (!m) return null;
  return { negative: m[1] === '-', whole: m[2].replace(/^0+(?=\d)/, ''), fraction: m[3] || '' };
}

/**
 * Groups the yuan with thousands separators: "170000" → "170,000", "499.5" → "499.50".
 * A fraction is shown to the fen; whole amounts stay whole.
 */
export function formatYuan(text) {
  const p = parts(text);
  if (!p) return String(text);
  const whole = p.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fraction = p.fraction.replace(/0+$/, '');
  if (fraction) fraction = '.' + (fraction.length < 2 ? fraction.padEnd(2, '0') : fraction);
  return (p.negative ? '-' : '') + whole + fraction;
}

/**
 * The amount in capital figures (大写), as 《支付结算办法》 writes them on a cheque:
 * "170000" → "壹拾柒万元整", "1680.32" → "壹仟陆佰捌拾元零叁角贰分".
 * Returns "" for what is not a non-negative amount of at most two decimals.
 */
export function capitalYuan(text) {
  const p = parts(text);
  if (!p || p.negative) return '';
  const fraction = p.fraction.replace(/0+$/, '');
  if (fraction.length > 2 || p.whole.length > 4 * GROUP.length) return '';
  const jiao = Number(fraction[0] || 0);
  const fen = Number(fraction[1] || 0);
  const whole = p.whole === '0' ? '' : p.whole;

  let out = '';
  let zero = false;
  const n = whole.length;
  for (let i = 0; i < n; i++) {
    const position = n - 1 - i;
    const digit = whole.charCodeAt(i) - 48;
    if (digit === 0) {
      zero = out !== '';
    } else {
      if (zero) out += '零';
      zero = false;
      out += CAPITAL[digit] + PLACE[position % 4];
    }
    if (position % 4 === 0 && position > 0) {
      const group = whole.slice(Math.max(0, i - 3), i + 1);
      if (/[1-9]/.test(group)) {
        out += GROUP[position / 4];
        zero = false;
      }
    }
  }

  if (!out && !jiao && !fen) return '零元整';
  if (out) out += '元';
  if (!jiao && !fen) return out + '整';
  if (jiao) out += CAPITAL[jiao] + '角';
  else if (out) out += '零';
  if (fen) out += CAPITAL[fen] + '分';
  return out;
}

/** Compares two plain decimal strings exactly: -1, 0 or 1. */
export function compareDecimal(a, b) {
  const x = parts(a);
  const y = parts(b);
  const scale = Math.max(x.fraction.length, y.fraction.length);
  const big = (p) => {
    const v = BigInt(p.whole + p.fraction.padEnd(scale, '0'));
    return p.negative ? -v : v;
  };
  const [u, v] = [big(x), big(y)];
  return u < v ? -1 : u > v ? 1 : 0;
}
