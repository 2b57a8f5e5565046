/**
 * merge() reading a later argument as dict.update does (a sequence of key/value pairs), which the differential
 * corpus does not reach. Expected values printed by Python's jmespath 1.0.1 with az's Options(OrderedDict):
 *   merge(`{}`, `[{"a": 1, "b": 2}]`)   -> {'a': 'b'}   (a dict element is the sequence of its keys)
 *   merge(`{}`, `[[[1], 2]]`)           -> TypeError: unhashable type: 'list'
 *   merge(`{}`, `[[{"a": 1}, 2]]`)      -> TypeError: unhashable type: 'dict'
 *   merge(`{}`, @) on [{"k": 1, "v": 2}] -> {'k': 'v'}
 */
import {expect} from 'chai'

import {compileQuery, QueryInternalError} from '../../src/framework/query/index.js'

const search = (query: string, data: unknown = {}) => compileQuery(query).search(data)

describe('query: merge() with a later argument that is not an object', () => {
  it('reads a dict element as the sequence of its keys', () => {
    expect(search('merge(`{}`, `[{"a": 1, "b": 2}]`)')).to.deep.equal({a: 'b'})
    expect(search('merge(`{}`, @)', [{k: 1, v: 2}])).to.deep.equal({k: 'v'})
  })

  for (const [query, type] of [
    ['merge(`{}`, `[[[1], 2]]`)', 'list'],
    ['merge(`{}`, `[[{"a": 1}, 2]]`)', 'dict'],
  ]) {
    it(`fails as Python does on an unhashable ${type} key`, () => {
      expect(() => search(query))
        .to.throw(QueryInternalError)
        .that.includes({pythonClass: 'TypeError', reason: `unhashable type: '${type}'`})
    })
  }
})
