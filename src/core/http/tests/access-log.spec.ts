/** The access log: one JSON line per request as pino writes them, at a level by status, URLs escaped, scrapes left out. */
import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import supertest from 'supertest';
import { accessLog } from '../middleware/access-log.js';

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { lines, logger };
}

describe('access log', () => {
  it('writes one line per finished request, parseable, with the fields and bindings pino would write', async () => {
    const { lines, logger } = capture();
    logger.info({ req: { method: 'GET', url: '/x' }, res: { statusCode: 200 }, responseTime: 1 }, 'request completed');
    const app = express().use(accessLog(logger)).get('/ok', (_req, res) => { res.json({}); }).get('/missing', (_req, res) => { res.status(404).end(); }).get('/boom', (_req, res) => { res.status(503).end(); }).get('/metrics', (_req, res) => { res.end(); });
    await supertest(app).get('/ok?q="quoted"&x=\\');
    await supertest(app).get('/missing');
    await supertest(app).get('/boom');
    await supertest(app).get('/metrics');
    const [byPino, ...records] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).to.have.length(3);
    expect(Object.keys(records[0]!)).to.deep.equal(Object.keys(byPino!));
    expect(records[0]).to.deep.include({ level: 30, pid: process.pid, req: { method: 'GET', url: '/ok?q=%22quoted%22&x=\\' }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(records[0]!.responseTime).to.be.a('number');
    expect(records[1]).to.deep.include({ level: 40, res: { statusCode: 404 }, msg: 'request completed' });
    expect(records[2]).to.deep.include({ level: 50, res: { statusCode: 503 }, msg: 'request errored' });
  });

  it('writes nothing below the logger level', async () => {
    const { lines, logger } = capture();
    logger.level = 'warn';
    const app = express().use(accessLog(logger)).get('/ok', (_req, res) => { res.json({}); }).get('/missing', (_req, res) => { res.status(404).end(); });
    await supertest(app).get('/ok');
    await supertest(app).get('/missing');
    expect(lines.map((line) => (JSON.parse(line) as { level: number }).level)).to.deep.equal([40]);
  });
});
