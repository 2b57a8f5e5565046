/**
 * Output cases the fixtures do not reach. Expected text printed by az's own libraries (knack's format_json,
 * that is json.dumps with allow_nan) for this input:
 *   [NaN, Infinity, -Infinity, null, 1.5]  ->  "[\n  NaN,\n  Infinity,\n  -Infinity,\n  null,\n  1.5\n]\n"
 */
import {expect} from 'chai'

import {renderJson} from '../../src/framework/output/json.js'
import {PyFloat} from '../../src/framework/python/index.js'

describe('output: what the fixtures do not reach', () => {
  it('writes float NaN and the infinities as json.dumps does', () => {
    const values = [new PyFloat(Number.NaN), new PyFloat(Infinity), new PyFloat(-Infinity), null, new PyFloat(1.5)]
    expect(renderJson(values)).to.equal('[\n  NaN,\n  Infinity,\n  -Infinity,\n  null,\n  1.5\n]\n')
    expect(renderJson([Number.NaN, Infinity, -Infinity])).to.equal('[\n  NaN,\n  Infinity,\n  -Infinity\n]\n')
  })

  it('writes an undefined value as null, and refuses what JSON cannot hold', () => {
    expect(renderJson(undefined)).to.equal('null\n')
    expect(renderJson([undefined])).to.equal('[\n  null\n]\n')
    expect(() => renderJson(() => 1)).to.throw(TypeError, 'Object of type function is not JSON serializable')
    expect(() => renderJson(Symbol('s'))).to.throw(TypeError, 'Object of type symbol is not JSON serializable')
  })
})
