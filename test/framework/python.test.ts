import {expect} from 'chai'

import {PyFloat, pythonFloatRepr, pythonNumberStr} from '../../src/framework/python/index.js'

describe('Python number text', () => {
  // Expected strings are Python 3.11's repr() of the same floats.
  const cases: Array<[number, string]> = [
    [0.5, '0.5'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [2.5e-7, '2.5e-07'],
    [-3.25, '-3.25'],
    [1e300, '1e+300'],
    [5e-324, '5e-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [100, '100.0'],
    [-0, '-0.0'],
  ]
  for (const [value, expected] of cases) {
    it(`repr(${expected})`, () => expect(pythonFloatRepr(value)).to.equal(expected))
  }

  it('prints safe integers as ints and integral PyFloats as floats', () => {
    expect(pythonNumberStr(2)).to.equal('2')
    expect(pythonNumberStr(new PyFloat(2))).to.equal('2.0')
    expect(pythonNumberStr(2 ** 60)).to.equal('1.152921504606847e+18')
  })
})
