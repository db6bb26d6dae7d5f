/**
 * Investor names for duplicate detection (一盘棋).
 * - The **trade name** (`normalizeInvestorName`): width, case, spaces, punctuation, leading places,
 *   bracketed places and company forms folded away — "广东某某新能源有限公司",
 *   "某某新能源（江门）有限公司" and "深圳市某某新能源股份有限公司" share it.
 * - The **places** the name states (`investorPlaces`): a province and a city, from its prefix or
 *   brackets. The same trade name with places that do not disagree is the same investor
 *   (`sameInvestorName`); with places that do — 东莞市思源航空 and 苏州思源航空 — it is a firm
 *   that may be related (the same group, or a namesake in another city), shown apart and not
 *   blocking a registration.
 */
const PROVINCES = [
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
];
const CITIES = [
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
const REGIONS = [...PROVINCES, ...CITIES];
const CITY_PROVINCES = ['北京', '天津', '上海', '重庆', '香港', '澳门'];
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

const CJK = '\\p{Script=Han}';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}（）()])\\s+|\\s+(?=[${CJK}（）()])`, 'gu');

/**
 * A name as typed, tidied for storing: trimmed, runs of spaces made one, and spaces next to a
 * Chinese character or bracket removed ("东莞市 思源航空" → "东莞市思源航空"; "Foxconn  Ltd" keeps one).
 */
export function tidyName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').replace(SPACE_BETWEEN_CJK, '');
}

/** The province and city a name states, by its leading places or a bracketed place. */
export function investorPlaces(name: string): { province?: string; city?: string } {
  const folded = name.normalize('NFKC').toLowerCase();
  const bracketed = [...folded.matchAll(BRACKETED)].map((m) => m[0].slice(1, -1));
  let s = folded.replace(BRACKETED, '').replace(/[\s\p{P}\p{S}]/gu, '');
  const places: { province?: string; city?: string } = {};
  const note = (place: string) => {
    if (place === '中国') return;
    if (PROVINCES.includes(place)) places.province ??= place;
    // A municipality or special administrative region is a province and a city at once.
    if (!PROVINCES.includes(place) || CITY_PROVINCES.includes(place)) places.city ??= place;
  };
  for (;;) {
    const region = REGIONS.find((r) => s.startsWith(r));
    if (!region) break;
    note(region);
    s = s.slice(region.length);
    const suffix = REGION_SUFFIXES.find((x) => s.startsWith(x));
    if (suffix) s = s.slice(suffix.length);
  }
  for (const b of bracketed) {
    const region = REGIONS.find((r) => b.startsWith(r));
    if (region) note(region);
  }
  return places;
}

/**
 * Two names of the same investor: the same trade name, and no place stated by both that differs
 * (a province against a province, a city against a city).
 */
export function sameInvestorName(a: string, b: string): boolean {
  if (normalizeInvestorName(a) !== normalizeInvestorName(b)) return false;
  const x = investorPlaces(a);
  const y = investorPlaces(b);
  const agree = (p?: string, q?: string) => p === undefined || q === undefined || p === q;
  return agree(x.province, y.province) && agree(x.city, y.city);
}

/** The trade name: the name less its places, bracketed places and company forms. */
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
