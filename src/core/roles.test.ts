import { describe, expect, it } from 'vitest';
import { isStrongPassword } from './password.js';
import { roleSetProblem } from './roles.js';
import { createUserBody } from './schemas.js';

describe('separation of duties', () => {
  it('allows business roles together', () => {
    expect(roleSetProblem(['city_officer', 'leader'])).toBeNull();
  });
  it('keeps admin and auditor alone', () => {
    expect(roleSetProblem(['admin'])).toBeNull();
    expect(roleSetProblem(['auditor'])).toBeNull();
    expect(roleSetProblem(['admin', 'auditor'])).toBe('separation');
    expect(roleSetProblem(['admin', 'leader'])).toBe('separation');
    expect(roleSetProblem(['auditor', 'city_officer'])).toBe('separation');
  });
  it('refuses empty and repeated sets', () => {
    expect(roleSetProblem([])).toBe('empty');
    expect(roleSetProblem(['leader', 'leader'])).toBe('duplicate');
  });
  it('is enforced by the shared user schema with a message key', () => {
    const r = createUserBody.safeParse({
      username: 'x_y',
      displayName: 'X',
      orgId: 1,
      roles: ['admin', 'leader'],
      password: 'Abcdefgh12!',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['roles']);
    expect(r.error?.issues[0]?.message).toBe('roles_separation');
  });
});

describe('password rule', () => {
  it.each([
    ['Abcdefgh12', true], // upper, lower, digit
    ['abcdefgh1!', true], // lower, digit, symbol
    ['ABCDEFGH1!', true],
    ['Abcdefgh!x', true],
    ['abcdefghij', false], // one class
    ['abcdefgh12', false], // two classes
    ['Abc1!', false], // too short
    ['Ab1!Ab1!A', false], // 9 characters
  ])('%s → %s', (pw, ok) => {
    expect(isStrongPassword(pw)).toBe(ok);
  });
});
