/** The HTTP layer: decorated controllers, dependencies, validation, errors, OpenAPI and the Express app. */
import '../zod-setup.js';
import 'reflect-metadata';

export { Controller, route, Body, Form, Query, Param, Req, Res, Depends, CurrentUser, type ControllerOptions } from './decorators.js';
export { dependency, type Dependency, type DependencyInfo, type DependencyInputs, type Resolved, type RequestContext } from './dependency.js';
export { checkPatch, PATCH_EVERY_FIELD, PATCH_RESPONSES, type PatchGuardOptions } from './patch-guard.js';
export { currentUser, optionalUser, CurrentUserSource, type AuthUser, type KitTypes } from './current-user.js';
export { Router, type RouterDefinition, type RouterOptions } from './router.js';
export type { RouteOptions, HttpMethod, ControllerClass } from './metadata.js';
export { RouteTable, type MountedRoute } from './route-table.js';
export { setHomePath } from './default-routes.js';
export { buildApp, httpServer, type AppParts, type KitApp } from './app.js';
export { AppFactory } from './app-factory.js';
export { errorHandler, toClientError } from './error-handler.js';
export { Pk } from './path-id.js';
export { toIssues, validationError, type ValidationIssue } from './validation.js';
export { injectable, singleton, container } from 'tsyringe';
