/**
 * Adds `.openapi()` to zod schemas. zod 4 copies prototype members onto each schema when it is built, so this
 * must run before any schema exists: the framework's entry modules (db, http) import this file first.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);
