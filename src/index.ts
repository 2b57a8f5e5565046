export * from './framework/index.js'
