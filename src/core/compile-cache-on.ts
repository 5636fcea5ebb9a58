/**
 * Imported first by the entry points (server.ts, manage.ts), before any package: the CommonJS modules they load
 * next are compiled with the code cache (compile-cache.ts).
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
