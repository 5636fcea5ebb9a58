import type { Request, Response } from 'express';

type ETagFunction = (body: string, encoding: BufferEncoding) => string | undefined;

/**
 * Sends a JSON body as Express's `res.status(s).json(v)` does (Content-Type with charset, the app's ETag, 304 to a
 * matching conditional GET, Content-Length, no body for HEAD) without its generic path: `res.json` → `res.send`
 * re-parses and re-formats the Content-Type, looks up MIME types and turns the text into a Buffer, which Node then
 * writes as a second chunk after the headers. Given a string, Node sends headers and body as one.
 * An app with `json spaces`, `json replacer` or `json escape` set gets `res.json` itself.
 */
export function sendJson(req: Request, res: Response, status: number, payload: unknown): void {
  const app = req.app;
  if (app.get('json spaces') !== undefined || app.get('json replacer') !== undefined || app.get('json escape')) {
    res.status(status).json(payload);
    return;
  }
  const text = JSON.stringify(payload) ?? '';
  res.statusCode = status;
  if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
  const etagOf = app.get('etag fn') as ETagFunction | undefined;
  if (etagOf && !res.getHeader('etag')) {
    const tag = etagOf(text, 'utf8');
    if (tag) res.setHeader('etag', tag);
  }
  if (req.fresh) {
    res.statusCode = 304;
    res.removeHeader('content-type');
    res.end();
    return;
  }
  res.setHeader('content-length', Buffer.byteLength(text));
  if (req.method === 'HEAD') res.end();
  else res.end(text, 'utf8');
}
