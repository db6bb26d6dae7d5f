import { describe, expect, it } from 'vitest';
import { assessBody, progressBody, respondBody } from '../../core/leads/schemas.js';
import { fieldRules } from './forms.js';

type Validator = { validator: (rule: unknown, value: unknown) => Promise<void> };

describe('form rules from the shared zod schemas', () => {
  it('a required nested field: required, then the schema’s own limits, in the user’s language', async () => {
    const rules = fieldRules(assessBody, ['aspects', 'benefits'], 'zh');
    expect(rules[0]).toEqual({ required: true });
    const check = (rules[1] as Validator).validator;
    await expect(check({}, '年产值 60 亿元')).resolves.toBeUndefined();
    await expect(check({}, 'x'.repeat(2001))).rejects.toThrow('效益最多 2000 个字符');
  });
  it('a field of an optional group: not required, still checked by its limits', async () => {
    const rules = fieldRules(respondBody, ['keyInfo', 'benefits'], 'zh');
    expect(rules).toHaveLength(1);
    const check = (rules[0] as Validator).validator;
    await expect(check({}, '年产值 60 亿元')).resolves.toBeUndefined();
    await expect(check({}, 'x'.repeat(2001))).rejects.toThrow('预期效益最多 2000 个字符');
  });
  it('an optional field is not required', () => {
    expect(fieldRules(progressBody, ['blockers'], 'en')).toHaveLength(1);
  });
  it('refuses a path the schema does not have', () => {
    expect(() => fieldRules(progressBody, ['nothing'], 'en')).toThrow(/no field/);
  });
});
