/**
 * Investor names normalised for duplicate detection (一盘棋): the same firm written as
 * "广东某某新能源有限公司", "某某新能源（江门）有限公司" or "深圳市某某新能源股份有限公司 " must collide.
 */
const REGIONS = [
  // Provinces and their short forms.
  '北京',
  '天津',
  '上海',
  '重庆',
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
  '台湾',
  '内蒙古',
  '广西',
  '西藏',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
  '中国',
  // Cities an investor in the Pearl River Delta is often prefixed with.
  '广州',
  '深圳',
  '珠海',
  '汕头',
  '佛山',
  '韶关',
  '湛江',
  '肇庆',
  '江门',
  '茂名',
  '惠州',
  '梅州',
  '汕尾',
  '河源',
  '阳江',
  '清远',
  '东莞',
  '中山',
  '潮州',
  '揭阳',
  '云浮',
  '杭州',
  '苏州',
  '南京',
  '宁波',
  '厦门',
  '武汉',
  '成都',
  '西安',
  '长沙',
  '合肥',
  '宁德',
  '常州',
  '无锡',
];
const REGION_SUFFIXES = ['特别行政区', '自治区', '省', '市', '区', '县'];
const COMPANY_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '集团股份有限公司',
  '有限公司',
  '控股集团',
  '集团公司',
  '集团',
  '公司',
  'coltd',
  'limited',
  'ltd',
  'inc',
  'corp',
  'co',
];

const BRACKETED = /[(（［[【〔].*?[)）］\]】〕]/g;

export function normalizeInvestorName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase();
  // A bracketed part is almost always a place: 某某（江门）有限公司.
  s = s.replace(BRACKETED, '');
  s = s.replace(/[\s\p{P}\p{S}]/gu, '');
  let changed = true;
  while (changed) {
    changed = false;
    for (const region of REGIONS) {
      if (!s.startsWith(region)) continue;
      let rest = s.slice(region.length);
      for (const suffix of REGION_SUFFIXES) {
        if (rest.startsWith(suffix)) {
          rest = rest.slice(suffix.length);
          break;
        }
      }
      if (rest.length >= 2) {
        s = rest;
        changed = true;
      }
      break;
    }
  }
  changed = true;
  while (changed) {
    changed = false;
    for (const suffix of COMPANY_SUFFIXES) {
      if (s.endsWith(suffix) && s.length - suffix.length >= 2) {
        s = s.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}
