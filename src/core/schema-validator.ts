// The JSON Schema validator of our MCP clients and servers: the SDK's Ajv one, with Ajv required on first use.
// Tool output schemas and elicitation need it; our servers and the built-in tools never do.
import { createRequire } from 'node:module';
import type { AjvJsonSchemaValidator as SdkAjvValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

// Ajv with its formats and URI parser is 275 KB that every process would load and an Ajv instance ~10 ms that
// every Client and Server constructor would build at start. esbuild.config.mjs also puts this class in place of
// the SDK's own default in the bundles, so a client or server built without a validator gets it as well.
const requireSdkAjv = () =>
  createRequire(import.meta.url)('@modelcontextprotocol/sdk/validation/ajv') as { AjvJsonSchemaValidator: typeof SdkAjvValidator };

export class AjvJsonSchemaValidator implements jsonSchemaValidator {
  private inner: SdkAjvValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.inner ??= new (requireSdkAjv().AjvJsonSchemaValidator)();
    return this.inner.getValidator<T>(schema);
  }
}

export function lazySchemaValidator(): jsonSchemaValidator {
  return new AjvJsonSchemaValidator();
}
