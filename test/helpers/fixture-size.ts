/**
 * Generated suites state their size: a fixture file that is empty or cut short would otherwise give fewer tests (or
 * none) and a green run. Each fixture-driven file declares one test per fixture with the number of cases the
 * generator wrote; regenerating a fixture with more or fewer cases means updating that number on purpose.
 */
import {expect} from 'chai'

export function itHasCases(fixture: string, cases: readonly unknown[] | undefined, expected: number): void {
  it(`${fixture} holds all ${expected} cases`, () => {
    expect(cases, `${fixture} has no case list`).to.be.an('array')
    expect(cases!.length, `${fixture}: cases found`).to.equal(expected)
  })
}
