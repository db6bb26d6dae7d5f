/**
 * Phone numbers as people in China write them: a mobile (138 0000 0000, +86 138…), a landline
 * with its area code (0750-3123456, (020) 8888 8888, an extension after "转", "ext" or a last
 * hyphen), a 400/800 service number, or a number abroad with its country code (+852, +1…) —
 * many of Jiangmen's referrers are overseas Chinese (侨胞). Spaces, hyphens and brackets between
 * the digits are ignored.
 */
const MOBILE = /^1[3-9]\d{9}$/;
/** 0 + area code (010, 02x, or three digits 03xx–09xx) + a 7–8 digit number. */
const LANDLINE = /^0(?:[12]\d|[3-9]\d{2})\d{7,8}$/;
const SERVICE = /^[48]00\d{7}$/;
/** After 00 or +: Hong Kong and Macau (8 digits), Taiwan (8–9); elsewhere E.164's 8–15 digits. */
const NEAR_ABROAD = /^(?:85[23]\d{8}|886\d{8,9})$/;
const E164 = /^[1-9]\d{7,14}$/;

/**
 * A phone number as personal information is shown to those who may not see it in full: the first
 * three and the last four digits kept (138****5678, 075****3456), every other digit a star.
 */
export function maskPhone(raw: string): string {
  const extension = /^(.+?)(\s*(?:转|ext\.?|x|#)\s*\d{1,6})$/i.exec(raw);
  if (extension) return maskPhone(extension[1]!) + extension[2]!;
  const digits = raw.replace(/\D/g, '');
  const keepHead = digits.length >= 8 ? 3 : 0;
  const keepTail = digits.length >= 8 ? 4 : Math.min(2, digits.length);
  let seen = 0;
  return raw.replace(/\d/g, (d) => {
    const i = seen++;
    return i < keepHead || i >= digits.length - keepTail ? d : '*';
  });
}

export function isPhoneNumber(raw: string): boolean {
  const text = raw.trim();
  const extension = /^(.+?)\s*(?:转|ext\.?|x|#)\s*\d{1,6}$/i.exec(text);
  if (extension) return isLandline(extension[1]!);
  if (kind(text) !== null) return true;
  const hyphenated = /^(.+)-\d{1,6}$/.exec(text);
  return hyphenated !== null && isLandline(hyphenated[1]!);
}

function isLandline(text: string): boolean {
  return kind(text) === 'landline';
}

function kind(text: string): 'mobile' | 'landline' | 'service' | 'abroad' | null {
  if (!/^\+?[\d\s\-()（）]+$/.test(text)) return null;
  let digits = text.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+')) digits = `00${digits.slice(1)}`;
  let international = false;
  if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  } else if (digits.startsWith('00')) {
    const abroad = digits.slice(2);
    const checked = /^(?:85[23]|886)/.test(abroad) ? NEAR_ABROAD : E164;
    return checked.test(abroad) ? 'abroad' : null;
  }
  if (MOBILE.test(digits)) return 'mobile';
  if (SERVICE.test(digits)) return 'service';
  // From abroad the area code drops its 0: +86 750 3123456.
  if (LANDLINE.test(international && !digits.startsWith('0') ? `0${digits}` : digits)) return 'landline';
  return null;
}
