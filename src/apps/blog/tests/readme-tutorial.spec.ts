import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../settings/index.js';

/** README code blocks that start with `// <path>` (or `# <path>`) must be that file, as it is. */
describe('the README shows the working code', () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(?:ts|yaml)\n(?:\/\/|#) (src\/[^\s]+\.(?:ts|yaml))\n([\s\S]*?)```/g)];
  it('has file blocks to check', () => {
    expect(blocks.length).to.be.greaterThan(5);
  });
  for (const [, path, body] of blocks) {
    it(`shows ${path} as it is`, () => {
      const file = readFileSync(join(projectRoot, path!), 'utf8');
      // The Models section shows the model and, below a comment, lines of its schemas file: each part must be in a file.
      const parts = body!.split(/\n\n(?=\/\/ src\/)/);
      expect(file.trimEnd().includes(parts[0]!.trimEnd()), `${path} differs from the README`).to.equal(true);
    });
  }
});
