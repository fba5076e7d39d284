/** The part of `linebreak` 1.1 (UAX #14 break opportunities; ships no types) that render/paged/wrap.ts uses. */
declare module 'linebreak' {
  interface Break {
    /** UTF-16 index where the next piece starts. */
    position: number;
    /** A mandatory break (after a newline and the like). */
    required: boolean;
  }
  class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
  export default LineBreaker;
}
