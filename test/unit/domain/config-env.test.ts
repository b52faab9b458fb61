// The shared environment reader: every problem at once, and exit 1 with the list on stderr.
import { z } from 'zod';
import { ConfigError, integer, parseEnv, parseOrExit, withDefault, type Env } from '../../../domain/config-env';

const schema = z.object({ A: withDefault(integer(1), '5'), B: withDefault(integer(1), '7') });
const parse = (env: Env) => parseEnv('test', schema, env, env.C === 'bad' ? ['C: is bad'] : []);

describe('parseEnv', () => {
  it('coerces, defaults and treats empty strings as unset', () => {
    expect(parse({ A: '2', B: '' })).toEqual({ A: 2, B: 7 });
  });

  it('reports schema and other problems together', () => {
    expect(() => parse({ A: 'x', B: '0', C: 'bad' })).toThrow(
      new ConfigError('test', ['A: must be a number', 'B: must be at least 1', 'C: is bad']),
    );
    expect(() => parse({ C: 'bad' })).toThrow(/invalid test configuration:\n {2}C: is bad/);
  });
});

describe('parseOrExit', () => {
  it('writes every problem to stderr and exits 1', () => {
    const written: string[] = [];
    const proc = {
      stderr: { write: (text: string) => written.push(text) },
      exit: (code: number): never => {
        throw new Error(`exit ${code}`);
      },
    };
    expect(() => parseOrExit(parse, { A: 'x', C: 'bad' }, proc)).toThrow('exit 1');
    expect(written.join('')).toBe('invalid test configuration:\n  A: must be a number\n  C: is bad\n');
    expect(parseOrExit(parse, {}, proc)).toEqual({ A: 5, B: 7 });
  });
});
