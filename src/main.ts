/**
 * createApp(): the Express app of the project: every app's routers (found by folder), the default endpoints,
 * the docs. The database is opened separately (server.ts, the test toolkit), so building the app is cheap.
 */
import 'reflect-metadata';
import './core/zod-setup.js';
import { loadRouters } from './core/apps.js';
import { loadAppTemplating } from './core/templating/index.js';
import { buildApp, type ControllerClass, type KitApp, type RouterDefinition } from './core/http/index.js';
import { controllerDefinition } from './core/http/metadata.js';
import type { RequestHandler } from 'express';
import type { UpgradeRoute } from './core/realtime/index.js';

const isRouterLike = (value: unknown): boolean =>
  (typeof value === 'object' && value !== null && (value as RouterDefinition).kind === 'router') ||
  (typeof value === 'function' && controllerDefinition(value) !== undefined);

/** Builds the app: routers of `src/apps/*` under /api and /web. */
export async function createApp(): Promise<KitApp> {
  const { api, web, root, middleware, upgrades } = await loadRouters(isRouterLike);
  await loadAppTemplating();
  return buildApp({
    middleware: middleware as RequestHandler[],
    api: api as Array<RouterDefinition | ControllerClass>,
    web: web as Array<RouterDefinition | ControllerClass>,
    root: root as Array<RouterDefinition | ControllerClass>,
    upgrades: upgrades as UpgradeRoute[],
    info: { title: 'ts-getstarted API', version: '0.1.0', description: 'A starter kit for robust APIs.', tokenUrl: '/api/auth/token/' },
  });
}
