/**
 * A Python exception that is not a JMESPathError (TypeError, ValueError, OverflowError) raised
 * inside jmespath while searching. az does not recognise it and takes its unexpected-error path.
 */
export class PythonError extends Error {
  constructor(
    readonly pythonClass: string,
    message: string,
  ) {
    super(message)
  }
}
