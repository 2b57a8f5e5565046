/** Mutation-killing tests of the error classes: the exit code and exact text az uses for each. */
import {expect} from 'chai'

import {
  ArgumentUsageError,
  AzCliError,
  formatODataV4Error,
  InvalidArgumentValueError,
  isAzCliError,
  ManualInterruptError,
  OperationCancelledError,
  QUERY_REFERENCE,
  QueryEvaluationError,
  QueryParseError,
  RequiredArgumentMissingError,
  ResourceNotFoundError,
  ServiceResponseError,
  TableUnavailableError,
  UnrecognizedArgumentError,
} from '../../src/framework/errors.js'

describe('errors: exit codes and texts', () => {
  it('an AzCliError exits 1 with its message, no recommendation, not bare', () => {
    const error = new AzCliError('broken')
    expect([error.exitCode, error.message, error.recommendations, error.bare, error.name]).to.deep.equal([
      1,
      'broken',
      [],
      false,
      'AzCliError',
    ])
    expect(error.cause).to.equal(undefined)
    expect('cause' in error).to.equal(false)
  })

  it('takes exit code, recommendations (copied), cause and bare from its options', () => {
    const recommendations = ['try this']
    const cause = new Error('root')
    const error = new AzCliError('m', {exitCode: 7, recommendations, cause, bare: true})
    recommendations.push('later')
    expect([error.exitCode, error.recommendations, error.cause, error.bare]).to.deep.equal([
      7,
      ['try this'],
      cause,
      true,
    ])
    expect(new AzCliError('m', {exitCode: 0}).exitCode).to.equal(0)
    expect(new AzCliError('m', {bare: false}).bare).to.equal(false)
    expect(new AzCliError('m', {}).recommendations).to.deep.equal([])
  })

  it('names each error by its class', () => {
    expect(new UnrecognizedArgumentError('x').name).to.equal('UnrecognizedArgumentError')
    expect(new ManualInterruptError().name).to.equal('ManualInterruptError')
  })

  const codes: Array<[string, AzCliError, number]> = [
    ['usage', new ArgumentUsageError('x'), 2],
    ['required', new RequiredArgumentMissingError('x'), 2],
    ['unrecognized', new UnrecognizedArgumentError('x'), 2],
    ['invalid value', new InvalidArgumentValueError('x'), 1],
    ['query parse', new QueryParseError('['), 2],
    ['query evaluation', new QueryEvaluationError('bad'), 1],
    ['table', new TableUnavailableError(), 1],
    ['cancelled', new OperationCancelledError(), 1],
    ['not found', new ResourceNotFoundError('gone'), 3],
    ['interrupt', new ManualInterruptError(), 130],
    ['service 404', new ServiceResponseError(404, 'IdentityNotFound', 'm'), 3],
    ['service 400', new ServiceResponseError(400, 'ValidationError', 'm'), 1],
    ['service 401', new ServiceResponseError(401, 'Denied', 'm'), 1],
    ['service 500', new ServiceResponseError(500, 'InternalError', 'm'), 1],
    ['service without status', new ServiceResponseError(undefined, 'X', 'm'), 1],
  ]
  for (const [what, error, code] of codes) it(`${what} exits ${code}`, () => expect(error.exitCode).to.equal(code))

  it('words query and table errors as az does, with the --query reference', () => {
    const parse = new QueryParseError("a'b")
    expect(parse.message).to.equal(`argument --query: invalid jmespath_type value: "a'b"`)
    expect(new QueryParseError('[').message).to.equal("argument --query: invalid jmespath_type value: '['")
    expect(parse.recommendations).to.deep.equal([QUERY_REFERENCE])
    expect(parse.query).to.equal("a'b")
    const evaluation = new QueryEvaluationError('In function abs(), invalid type')
    expect(evaluation.message).to.equal(
      'Invalid jmespath query supplied for `--query`: In function abs(), invalid type',
    )
    expect(evaluation.recommendations).to.deep.equal([QUERY_REFERENCE])
    expect(evaluation.reason).to.equal('In function abs(), invalid type')
    expect(QUERY_REFERENCE).to.equal(
      "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'",
    )
    expect(new TableUnavailableError().message).to.equal(
      'Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.',
    )
    expect(new OperationCancelledError().message).to.equal('Operation cancelled.')
    expect(new ManualInterruptError().message).to.equal('Keyboard interrupt is captured.')
  })

  it('keeps the cause of query, table and service errors', () => {
    const cause = new Error('root')
    expect(new QueryParseError('[', {cause}).cause).to.equal(cause)
    expect(new QueryEvaluationError('r', {cause}).cause).to.equal(cause)
    expect(new TableUnavailableError({cause}).cause).to.equal(cause)
    expect(new ServiceResponseError(400, 'C', 'm', undefined, {cause}).cause).to.equal(cause)
  })

  it("prints a service error as azure-core's ODataV4Format", () => {
    expect(formatODataV4Error('Code', 'Msg')).to.equal('(Code) Msg\nCode: Code\nMessage: Msg')
    expect(formatODataV4Error('Code', 'Msg', 'scopes')).to.equal('(Code) Msg\nCode: Code\nMessage: Msg\nTarget: scopes')
    expect(formatODataV4Error('Code', 'Msg', '')).to.equal('(Code) Msg\nCode: Code\nMessage: Msg')
    const error = new ServiceResponseError(400, 'ValidationError', 'bad', 'Scopes')
    expect(error.message).to.equal('(ValidationError) bad\nCode: ValidationError\nMessage: bad\nTarget: Scopes')
    expect([error.statusCode, error.code, error.serviceMessage, error.target]).to.deep.equal([
      400,
      'ValidationError',
      'bad',
      'Scopes',
    ])
  })

  it('tells az errors from others', () => {
    expect(isAzCliError(new UnrecognizedArgumentError('x'))).to.equal(true)
    expect(isAzCliError(new Error('x'))).to.equal(false)
    expect(isAzCliError('text')).to.equal(false)
  })
})
