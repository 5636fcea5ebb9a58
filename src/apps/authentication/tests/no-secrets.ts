/**
 * No response ever contains a password or a hash. `scanEveryResponse()` checks every JSON body the test
 * client receives in the surrounding `describe`; `findSecrets` says where a value leaks one.
 */
import { expect } from 'chai';
import { TestClient } from '../../../core/testing/index.js';

/** Keys that must never reach a client. */
const SECRET_KEYS = /^(password|hashed_?password|password_?hash|token_?hash)$/i;
/** A bcrypt hash (`$2b$04$…`) or a hex SHA-256 (how the token registry stores tokens). */
const SECRET_VALUES = [/^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/, /^[0-9a-f]{64}$/i];

/** Paths (`$[0].password`) of the secrets inside a JSON value; empty when there are none. */
export function findSecrets(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return SECRET_VALUES.some((re) => re.test(value)) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecrets(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      SECRET_KEYS.test(key) ? [`${path}.${key}`] : findSecrets(item, `${path}.${key}`));
  }
  return [];
}

/** Fails when a JSON body holds a password, a password hash or a token hash. */
export function expectNoSecrets(body: unknown, where = 'the response'): void {
  expect(findSecrets(body), `secrets in ${where}`).to.deep.equal([]);
}

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';
const VERBS: Verb[] = ['get', 'post', 'put', 'patch', 'delete'];

/** How many bodies were scanned (a test can check the scan really ran). */
export const scanned = { bodies: 0 };

/**
 * Inside a `describe`: every request of `t.client` gets one more assertion, that its JSON body holds no
 * secret (the request fails otherwise). The client is restored after the `describe`.
 */
export function scanEveryResponse(): void {
  const originals = new Map<Verb, (url: string) => unknown>();
  before(() => {
    for (const verb of VERBS) {
      const original = TestClient.prototype[verb] as (this: TestClient, url: string) => ReturnType<TestClient['get']>;
      originals.set(verb, original);
      TestClient.prototype[verb] = function (this: TestClient, url: string) {
        return original.call(this, url).expect((res) => {
          if (!/json/.test(res.type)) return;
          scanned.bodies++;
          expectNoSecrets(res.body, `${verb.toUpperCase()} ${url}`);
        });
      };
    }
  });
  after(() => {
    for (const [verb, original] of originals) (TestClient.prototype as unknown as Record<Verb, unknown>)[verb] = original;
  });
}
