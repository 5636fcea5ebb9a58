/** Templates: nunjucks with a per-app loader, `{% csrf_token %}`, `url_for`, `static`, and `render` for web handlers. */
export { render, renderPage, renderToString } from './render.js';
export { templateEnvironment, templateRoots, loadAppTemplating, kitTemplatesDir, type AppTemplating } from './environment.js';
export { AppTemplateLoader, AmbiguousTemplateError, TemplateNotFoundError, type TemplateRoot } from './loader.js';
export { CsrfTokenExtension } from './csrf-tag.js';
export { webErrorPages } from './error-pages.js';
