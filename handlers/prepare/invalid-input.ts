/**
 * The error Prepare throws for a bad execution input. Its `name` becomes the Lambda error type,
 * so the execution fails with `InvalidInput` and a message saying what is expected.
 */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInput';
  }
}
