import { describe, expect, it } from 'vitest';
import { investorPlaces, normalizeInvestorName, sameInvestorName, tidyName } from './normalize.js';

describe('investor names', () => {
  it('tidies what was typed: spaces around and inside a Chinese name go, one space between words stays', () => {
    expect(tidyName(' 东莞市 思源航空科技集团有限公司 ')).toBe('东莞市思源航空科技集团有限公司');
    expect(tidyName('思源航空 （东莞） 有限公司')).toBe('思源航空（东莞）有限公司');
    expect(tidyName('Foxconn   Technology  Ltd')).toBe('Foxconn Technology Ltd');
  });

  it('one trade name for the same firm written differently', () => {
    const trade = normalizeInvestorName('广东瑞能储能科技有限公司');
    expect(trade).toBe('瑞能储能科技');
    for (const n of [
      '瑞能储能科技（江门）股份有限公司',
      '深圳市瑞能储能科技有限公司',
      ' 瑞能储能科技 有限公司',
    ])
      expect(normalizeInvestorName(n)).toBe(trade);
  });

  it('reads the places a name states, a municipality being province and city at once', () => {
    expect(investorPlaces('东莞市思源航空科技集团有限公司')).toEqual({ city: '东莞' });
    expect(investorPlaces('思源航空科技（苏州）有限公司')).toEqual({ city: '苏州' });
    expect(investorPlaces('广东瑞能储能科技有限公司')).toEqual({ province: '广东' });
    expect(investorPlaces('上海思源航空科技有限公司')).toEqual({ province: '上海', city: '上海' });
    expect(investorPlaces('中国思源航空科技有限公司')).toEqual({});
  });

  it('the same investor when the places agree; a namesake in another city is not', () => {
    const dongguan = '东莞市思源航空科技集团有限公司';
    for (const n of [
      '东莞思源航空科技股份有限公司',
      '思源航空科技（东莞）有限公司',
      '思源航空科技有限公司',
      '广东思源航空科技有限公司',
    ])
      expect([n, sameInvestorName(dongguan, n)]).toEqual([n, true]);
    for (const n of [
      '苏州思源航空科技有限公司',
      '广州市思源航空科技有限公司',
      '上海思源航空科技集团有限公司',
      '北京思源航空科技有限公司',
      '思源航空科技（苏州）有限公司',
    ])
      expect([n, sameInvestorName(dongguan, n)]).toEqual([n, false]);
    expect(sameInvestorName('广东瑞能储能科技有限公司', '瑞能储能科技（江门）股份有限公司')).toBe(true);
    expect(sameInvestorName('广东瑞能储能科技有限公司', '江苏瑞能储能科技有限公司')).toBe(false);
    expect(sameInvestorName('广东瑞能储能科技有限公司', '广东思源航空科技有限公司')).toBe(false);
  });
});
