/** A template, markup or style sheet that cannot be turned into a layout; located like input errors. */
export class LayoutError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
