// The validator our MCP clients and servers hand the SDK: the SDK's Ajv validator, built on first use, still
// accepts what a schema allows and rejects what it does not (tool output schemas of extra servers rely on it).
import { describe, expect, it } from 'vitest';
import { lazySchemaValidator } from '../../src/core/schema-validator.js';

describe('lazySchemaValidator', () => {
  it('validates against the schema like the SDK default', () => {
    const check = lazySchemaValidator().getValidator<{ n: number }>({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
    expect(check({ n: 1 })).toMatchObject({ valid: true, data: { n: 1 } });
    const bad = check({ n: 'one' });
    expect(bad.valid).toBe(false);
    expect(bad.errorMessage).toMatch(/number/);
  });

  it('serves several schemas from one validator', () => {
    const v = lazySchemaValidator();
    expect(v.getValidator({ type: 'string' })('x').valid).toBe(true);
    expect(v.getValidator({ type: 'array' })('x').valid).toBe(false);
  });
});
