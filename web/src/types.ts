// The API's shapes, imported from the one contract the server answers by (types only: nothing of
// zod reaches the browser). Pages never re-declare them.
export type * from '../../src/contract/index.js';
