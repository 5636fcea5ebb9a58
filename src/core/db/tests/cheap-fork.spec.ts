/** A context's fork stores MikroORM's `allowGlobalContext` option without re-applying the whole configuration. */
import { expect } from 'chai';
import { getOrm } from '../index.js';

describe('forking a context', () => {
  it('does not re-apply the configuration, and other options still are', () => {
    const config = getOrm().config as unknown as { sync(): void; set(key: string, value: unknown): void; get(key: string): unknown };
    const sync = config.sync;
    let synced = 0;
    config.sync = () => {
      synced++;
      sync.call(config);
    };
    try {
      const before = config.get('allowGlobalContext');
      const fork = getOrm().em.fork();
      expect(fork).to.not.equal(getOrm().em);
      expect(synced).to.equal(0);
      expect(config.get('allowGlobalContext')).to.equal(before);
      config.set('debug', config.get('debug'));
      expect(synced).to.equal(1);
    } finally {
      config.sync = sync;
    }
  });
});
