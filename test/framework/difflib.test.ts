import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {getCloseMatches, ratio} from '../../src/framework/difflib.js'
import {itHasCases} from '../helpers/fixture-size.js'

// Expected values come from Python's difflib: scripts/fixtures/gen-difflib-cases.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/framework/difflib-cases.json', import.meta.url), 'utf8'),
) as {
  cases: Array<{word: string; choices: string[]; cutoff: number; matches: string[]; ratios: number[]}>
}

describe('difflib (compared with Python)', () => {
  itHasCases('difflib-cases.json', fixture.cases, 300)
  it('gives SequenceMatcher.ratio() for every pair', () => {
    for (const testCase of fixture.cases) {
      const ours = testCase.choices.map((choice) => ratio(choice, testCase.word))
      expect(ours, testCase.word).to.deep.equal(testCase.ratios)
    }
  })

  it('gives get_close_matches() in the same order', () => {
    for (const testCase of fixture.cases) {
      expect(getCloseMatches(testCase.word, testCase.choices, 3, testCase.cutoff), testCase.word).to.deep.equal(
        testCase.matches,
      )
    }
  })
})
