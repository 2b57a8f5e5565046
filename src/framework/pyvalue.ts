/**
 * Kept only for argparse.ts, which imports pythonStrRepr from here: Python's value model lives in ./python/.
 * Import from './python/index.js' instead; this file goes once argparse.ts does.
 */
export {pythonStrRepr} from './python/index.js'
