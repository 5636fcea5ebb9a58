import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { flattenDependencies } from './dependency.js';
import type { MountedRoute } from './route-table.js';

/** Title, version and description of the API document. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  /**
   * Where the OAuth2 password flow gets a token (`/api/auth/token/`): Swagger UI's Authorize then asks for a
   * username and password. Without it the docs offer a bearer token field.
   */
  tokenUrl?: string;
}

const validationErrorSchema = z
  .object({ detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })) })
  .openapi('HTTPValidationError');
const errorSchema = z.object({ detail: z.string() }).openapi('HTTPError');

function objectSchema(schema: z.ZodType): z.ZodObject | undefined {
  return schema instanceof z.ZodObject ? schema : undefined;
}

/** Builds the OpenAPI 3.1 document of the mounted routes from their zod schemas and decorators. */
export function buildOpenApi(routes: MountedRoute[], info: OpenApiInfo): object {
  const registry = new OpenAPIRegistry();
  const scheme = info.tokenUrl ? 'OAuth2PasswordBearer' : 'bearer';
  if (info.tokenUrl) registry.registerComponent('securitySchemes', scheme, { type: 'oauth2', flows: { password: { tokenUrl: info.tokenUrl, scopes: {} } } });
  else registry.registerComponent('securitySchemes', scheme, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const { definition } = route;
    const pathParams: Record<string, z.ZodType> = {};
    for (const name of route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) pathParams[name[1]!] = z.string();
    let query: z.ZodObject | undefined;
    let body: { schema: z.ZodType; type: string } | undefined;
    for (const p of definition.params) {
      if (p.kind === 'param' && p.schema) pathParams[p.name] = p.schema;
      if (p.kind === 'query') query = objectSchema(p.schema);
      if (p.kind === 'body') body = { schema: p.schema, type: 'application/json' };
      if (p.kind === 'form') body = { schema: p.schema, type: 'application/x-www-form-urlencoded' };
    }
    const deps = flattenDependencies([
      ...route.dependencies,
      ...definition.params.flatMap((p) => (p.kind === 'depends' ? [p.dependency] : [])),
    ]);
    const status = definition.options.status ?? 200;
    const responses: Record<string, object> = {
      [status]: status === 204
        ? { description: 'No content' }
        : { description: 'Successful response', content: { 'application/json': { schema: definition.options.response ?? z.unknown() } } },
    };
    const errors: Record<number, string> = { ...definition.options.responses };
    for (const dep of deps) Object.assign(errors, dep.info.responses);
    for (const [code, description] of Object.entries(errors)) responses[code] = { description, content: { 'application/json': { schema: errorSchema } } };
    if (body || query || Object.keys(pathParams).length) responses['422'] = { description: 'Validation error', content: { 'application/json': { schema: validationErrorSchema } } };
    const bearer = deps.some((d) => d.info.bearer);
    registry.registerPath({
      method: route.method,
      path: route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}') + (route.path.endsWith('/') ? '' : '/'),
      operationId: route.name,
      summary: definition.options.summary ?? route.name,
      description: definition.options.description,
      deprecated: definition.options.deprecated,
      tags: route.tags.length ? route.tags : undefined,
      security: bearer ? [{ [scheme]: [] }] : undefined,
      request: {
        params: Object.keys(pathParams).length ? z.object(pathParams) : undefined,
        query,
        body: body ? { content: { [body.type]: { schema: body.schema } }, required: true } : undefined,
      },
      responses,
    });
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  const { tokenUrl: _tokenUrl, ...documentInfo } = info;
  return generator.generateDocument({ openapi: "3.1.0", info: documentInfo });
}
