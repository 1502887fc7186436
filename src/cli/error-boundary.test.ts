import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  EnvironmentError,
  ParseError,
  SousveilError,
  StoreBusyError,
  UserError,
} from '../shared/errors.js';
import { failureOf, type Failure } from './error-boundary.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('failureOf: what each error becomes', () => {
  const table: Array<[string, SousveilError, Failure]> = [
    ['bad input', new UserError('--x: no'), { message: '--x: no', exit: 1 }],
    [
      'a parse error',
      new ParseError('a.xml', 'not XML', '3:1'),
      { message: 'a.xml:3:1: not XML', exit: 1 },
    ],
    [
      'the environment',
      new EnvironmentError('b: read-only file system'),
      { message: 'b: read-only file system', exit: 2 },
    ],
    [
      'a busy database',
      new StoreBusyError(),
      {
        message: 'the database is busy: another process is writing to it',
        exit: 2,
        hint: 'another process is writing to the database; try again in a moment',
      },
    ],
  ];
  it.each(table)('%s', (_name, e, expected) => {
    expect(failureOf(e)).toEqual(expected);
  });

  it('a real file-system error names the file and says why', () => {
    const e = thrown(() => readFileSync('/nonexistent/sousveil.json'));
    expect(failureOf(e)).toEqual({
      message: '/nonexistent/sousveil.json: no such file or directory',
      exit: 1,
    });
  });

  it("SQLite's not-a-database under a store error is bad input, with a hint", () => {
    const e = thrown(() => new Database(readme).pragma('user_version'));
    const wrapped = new SousveilError('store', `cannot open database ${readme}`, { cause: e });
    expect(failureOf(wrapped)).toEqual({
      message: `cannot open database ${readme}`,
      exit: 1,
      hint: 'give --db a sousveil database file, or a new file name',
    });
  });

  it('anything else is an internal error: no stack, a hint to report it, exit 2', () => {
    expect(failureOf(new TypeError('x is undefined'))).toEqual({
      message: 'internal error: x is undefined',
      hint: 'this is a bug in sousveil; run again with --debug to see where, and please report it',
      exit: 2,
    });
  });
});
