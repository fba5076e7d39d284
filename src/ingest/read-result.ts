/**
 * What every reader hands on: the records as the file states them, and what it could not
 * read (located diagnostics). Nothing is checked for sense yet: that is ../validate/.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Publication } from '../model/types.js';

export interface ReadResult {
  publication: Publication;
  diagnostics: Diagnostic[];
}
