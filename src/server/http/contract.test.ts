/** The answers' serialiser (contract.ts contractSerializer): a whitelist, checked as zod parses. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractSerializer } from './contract.js';

const answer = z.object({ id: z.number(), name: z.string(), at: z.string().nullable() });
const serialise = (strict: boolean, schema: z.ZodType = answer) =>
  contractSerializer(strict)({ schema, method: 'GET', url: '/api/x', httpStatus: '200' } as never);

describe('the answers’ serialiser', () => {
  it('sends only the declared fields, as JSON', () => {
    expect(JSON.parse(serialise(false)({ id: 1, name: '甲', at: null, secret: 'x' }))).toEqual({
      id: 1,
      name: '甲',
      at: null,
    });
  });

  it('refuses an answer that does not match its schema, naming the route', () => {
    expect(() => serialise(false)({ id: '1', name: '甲', at: null })).toThrow(/GET \/api\/x does not match/);
  });

  it('in the tests, an undeclared field is an error', () => {
    expect(() => serialise(true)({ id: 1, name: '甲', at: null, secret: 'x' })).toThrow(/lacks: \.secret/);
    expect(serialise(true)({ id: 1, name: '甲', at: null })).toBe('{"id":1,"name":"甲","at":null}');
  });

  it('in the tests, a schema that encodes otherwise than it parses (a codec) is an error', () => {
    const withCodec = z.object({
      at: z.codec(z.iso.datetime(), z.date(), {
        decode: (s) => new Date(s),
        encode: (d) => d.toISOString(),
      }),
    });
    expect(() => serialise(true, withCodec)({ at: new Date('2026-01-01T00:00:00Z') })).toThrow(
      /encodes otherwise than it parses/,
    );
  });
});
