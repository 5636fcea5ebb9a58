/**
 * The server bundle's two rewrites of esbuild's output (`scripts/bundle.mjs`): keepNames' `__name` calls that
 * name a function after its own binding are dropped (the functions keep their names), the others stay; and the
 * characters past ASCII that esbuild leaves in comments are escaped (the code runs the same).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { projectRoot } from '../../../settings/index.js';

interface BundleScript {
  dropRedundantNames(code: string): { code: string; dropped: number };
  asciiOnly(code: string): string;
}

const bundleScript = async () => (await import(pathToFileURL(join(projectRoot, 'scripts', 'bundle.mjs')).href)) as BundleScript;

/** Runs `code` (which defines `outer`) with esbuild's `__name`, and returns the names of what `outer()` returns. */
function namesOf(code: string): string[] {
  const run = new Function('__name', `${code}\nreturn outer().map((value) => value.name);`) as (name: unknown) => string[];
  return run((target: object, value: string) => Object.defineProperty(target, 'name', { value, configurable: true }));
}

describe('the server bundle (scripts/bundle.mjs)', () => {
  const esbuildOutput = `function outer() {
  const handOver = /* @__PURE__ */ __name((signal) => signal, "handOver");
  let later = /* @__PURE__ */ __name(function() {
    const inner = /* @__PURE__ */ __name(() => ({ key: "a, \\"b\\")" }), "inner");
    return inner;
  }, "later");
  const renamed2 = /* @__PURE__ */ __name(() => 1, "renamed");
  const own = /* @__PURE__ */ __name(function ownName() {}, "own");
  var Model2 = class {
    static {
      __name(this, "Model");
    }
  };
  return [handOver, later, later(), renamed2, own, Model2];
}`;

  it("drops the __name calls that repeat a function's own binding, and keeps every name", async () => {
    const { dropRedundantNames } = await bundleScript();
    const { code, dropped } = dropRedundantNames(esbuildOutput);
    expect(dropped).to.equal(3);
    expect(code).to.include('const handOver = /* @__PURE__ */ (signal) => signal;');
    expect(code).to.include('const inner = /* @__PURE__ */ () => ({ key: "a, \\"b\\")" });');
    expect(code).to.include('__name(() => 1, "renamed")');
    expect(code).to.include('__name(function ownName() {}, "own")');
    expect(code).to.include('__name(this, "Model")');
    expect(code.split('\n')).to.have.length(esbuildOutput.split('\n').length);
    const expected = ['handOver', 'later', 'inner', 'renamed', 'own', 'Model'];
    expect(namesOf(esbuildOutput)).to.deep.equal(expected);
    expect(namesOf(code)).to.deep.equal(expected);
  });

  it('escapes what is past ASCII, so V8 keeps the source one byte a character', async () => {
    const { asciiOnly } = await bundleScript();
    const code = 'function outer() {\n  // a → b, ¯\\_(ツ)_/¯, 😀\n  return [function plain() {}];\n}';
    const escaped = asciiOnly(code);
    expect([...escaped].every((char) => char.charCodeAt(0) < 0x80)).to.equal(true);
    expect(escaped).to.include('// a \\u2192 b, \\u00af\\_(\\u30c4)_/\\u00af, \\ud83d\\ude00');
    expect(namesOf(escaped)).to.deep.equal(['plain']);
  });
});
