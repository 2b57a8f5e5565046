export * from './errors.js'
export * from './pyvalue.js'
