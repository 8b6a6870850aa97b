// The page's pure helpers, in Node: yuan formatting, 大写, and reading fields with the
// engine's rules (no browser needed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFact } from '../../www/facts.js';
import { capitalYuan, compareDecimal, formatYuan } from '../../www/money.js';

test('formats yuan from the decimal string', () => {
  assert.equal(formatYuan('170000'), '170,000');
  assert.equal(formatYuan('1000000'), '1,000,000');
  assert.equal(formatYuan('499.5'), '499.50');
  assert.equal(formatYuan('0.01'), '0.01');
  assert.equal(formatYuan('12345678901234567890.12'), '12,345,678,901,234,567,890.12');
});

test('writes capital figures as 《支付结算办法》 does', () => {
  const cases = {
    170000: '壹拾柒万元整',
    0: '零元整',
    10: '壹拾元整',
    '0.5': '伍角',
    '0.05': '伍分',
    '325.04': '叁佰贰拾伍元零肆分',
    '1409.50': '壹仟肆佰零玖元伍角',
    '1680.32': '壹仟陆佰捌拾元叁角贰分',
    100000005: '壹亿零伍元整',
    100010000: '壹亿零壹万元整',
    101000: '壹拾万壹仟元整',
    1000000: '壹佰万元整',
    '9999999999999999.99': '玖仟玖佰玖拾玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分',
  };
  for (const [amount, capital] of Object.entries(cases)) assert.equal(capitalYuan(amount), capital, amount);
  assert.equal(capitalYuan('1.234'), '');
  assert.equal(capitalYuan('-1'), '');
});

test('compares decimals exactly', () => {
  assert.equal(compareDecimal('0.1', '0.10'), 0);
  assert.equal(compareDecimal('99999999999999999999.99', '99999999999999999999.98'), 1);
  assert.equal(compareDecimal('-1', '0'), -1);
});

test('reads fields with the engine rules', () => {
  const money = { name: 'goods_value', type: 'money', label: '货值' };
  assert.deepEqual(readFact(money, '8,000'), { value: '8000' });
  assert.deepEqual(readFact(money, '１２００.５'), { value: '1200.5' });
  assert.deepEqual(readFact(money, ''), { absent: true });
  assert.ok(readFact(money, '1.234').error);
  assert.ok(readFact(money, '-1').error);
  assert.ok(readFact(money, '1e5').error);
  const count = { name: 'n', type: 'integer', label: 'n', min: '1' };
  assert.deepEqual(readFact(count, '2'), { value: 2 });
  assert.equal(readFact(count, '0').error.zh, '不能小于1');
  assert.ok(readFact(count, '1.5').error);
  const ph = { name: 'ph', type: 'decimal', label: 'pH', min: '0', max: '14' };
  assert.deepEqual(readFact(ph, '7.25'), { value: '7.25' });
  assert.equal(readFact(ph, '14.01').error.zh, '不能大于14');
  const date = { name: 'd', type: 'date', label: 'd' };
  assert.deepEqual(readFact(date, '2024-02-29'), { value: '2024-02-29' });
  assert.ok(readFact(date, '2023-02-29').error);
  const yes = { name: 'b', type: 'boolean', label: 'b' };
  assert.deepEqual(readFact(yes, 'yes'), { value: true });
  assert.deepEqual(readFact(yes, ''), { absent: true });
  const pick = { name: 'c', type: 'choices', label: 'c', choices: [{ value: 'a' }, { value: 'b' }] };
  assert.deepEqual(readFact(pick, ['a', 'a']), { value: ['a'] });
  assert.ok(readFact(pick, ['z']).error);
});
