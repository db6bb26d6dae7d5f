import { describe, expect, it } from 'vitest';
import { isPhoneNumber, maskPhone } from './phone.js';

describe('phone numbers', () => {
  it.each([
    '13800138000',
    '138 0013 8000',
    '138-0013-8000',
    '+86 138 0013 8000',
    '008613800138000',
    '0750-3123456',
    '0750 3123456',
    '(0750) 3123456',
    '（020）88888888',
    '010-12345678',
    '+86 750 3123456',
    '+86-20-88888888',
    '0750-3123456-801',
    '0750-3123456转801',
    '020 8888 8888 ext 12',
    '400-810-8888',
    '+852 2123 4567',
    '00853 2812 3456',
    '+886 912 345 678',
    '+1 415 555 0100', // 台山's many relatives in America
    '+60 12-345 6789',
  ])('accepts %s', (n) => expect(isPhoneNumber(n)).toBe(true));

  it.each([
    '12345',
    '1380013800', // a digit short
    '138001380001', // a digit long
    '12800138000', // no mobile starts 12
    '3123456', // a landline without its area code
    '750-3123456', // the area code without its 0
    '0750-31234', // too short
    '13800138000转801', // mobiles have no extension
    '+852 2123 456', // Hong Kong numbers have 8 digits
    '+1 555', // too short for any country
    'tel 13800138000',
    '138OO138000', // letters O for zeros
    '',
  ])('refuses %s', (n) => expect(isPhoneNumber(n)).toBe(false));
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '+86 1** **** 5678'],
    ['0750-3123456', '075*-***3456'],
    ['0750-3123456转801', '075*-***3456转801'],
    ['400-820-8820', '400-***-8820'],
    ['1234567', '*****67'],
  ])('%s → %s', (raw, masked) => expect(maskPhone(raw)).toBe(masked));
});
