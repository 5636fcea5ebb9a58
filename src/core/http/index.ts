/** The HTTP layer: decorated controllers, dependencies, validation, errors, OpenAPI and the Express app. */
import '../zod-setup.js';
import 'reflect-metadata';

export { Controller, route, Body, Form, Query, Param, Req, Res, Depends, CurrentUser } from './decorators.js';
export { dependency, type Dependency, type DependencyInfo, type RequestContext } from './dependency.js';
export { provideCurrentUser, currentUserDependency } from './current-user.js';
export { Router, type RouterDefinition } from './router.js';
export type { RouteOptions, HttpMethod } from './metadata.js';
export { RouteTable, type MountedRoute } from './route-table.js';
export { setHomePath } from './default-routes.js';
export { buildApp, httpServer, type AppParts, type KitApp } from './app.js';
export { errorHandler, toClientError } from './error-handler.js';
export { Pk } from './path-id.js';
export { toIssues, validationError, type ValidationIssue } from './validation.js';
export { injectable, singleton, container } from 'tsyringe';
