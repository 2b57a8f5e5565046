/**
 * Python's value model, as az's output and --query need it: one home for the Python semantics that JavaScript's own
 * values lose (int vs float, dict vs OrderedDict, code-point strings, str()/repr(), ==, ordering, json).
 */
export * from './errors.js'
export * from './json.js'
export * from './numbers.js'
export * from './str.js'
export * from './values.js'
