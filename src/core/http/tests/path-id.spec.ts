import { expect } from 'chai';
import { Pk } from '../index.js';

describe('Pk, the shared path-id schema', () => {
  for (const [text, value] of [['1', 1], ['0', 0], ['-1', -1], ['2147483647', 2147483647], ['-2147483648', -2147483648]] as const) {
    it(`accepts "${text}" as ${value}`, () => {
      expect(Pk.parse(text)).to.equal(value);
    });
  }
  for (const text of [' 1', '1 ', '01', '0x10', '1e3', '+1', '-0', '1.0', '', '-', '2147483648', '-2147483649', '99999999999', '١']) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      expect(Pk.safeParse(text).success).to.equal(false);
    });
  }
});
