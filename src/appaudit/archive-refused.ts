import { ParseError } from '../shared/errors.js';

/**
 * An archive refused as hostile (zip bomb, path traversal, past a limit): unlike a part that
 * cannot be read, this stops the whole scan of the file.
 */
export class ArchiveRefusedError extends ParseError {}
