// The JSON Schema validator handed to the MCP SDK's clients and servers: the SDK's own Ajv one, built on first use.
// The SDK builds an Ajv instance in every Client and Server constructor (~10 ms each at start-up), for tool output
// schemas and elicitation, which our servers and the built-in tools never use.
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

export function lazySchemaValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}
