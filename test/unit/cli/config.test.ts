import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, loadConfig, readConfigFile, writeConfigFile } from '../../../cli/config';
import { CliError } from '../../../cli/errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollout-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI configuration', () => {
  it('lives under XDG_CONFIG_HOME when set, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x', HOME: '/home/a' })).toBe('/x/rollout/config.json');
    expect(configPath({ HOME: '/home/a' })).toBe('/home/a/.config/rollout/config.json');
  });

  it('is written readable by its owner only (0600, folder 0700), also over a wider existing file', () => {
    const path = join(dir, 'rollout', 'config.json');
    mkdirSync(join(dir, 'rollout'));
    writeFileSync(path, '{}', { mode: 0o644 });
    writeConfigFile(path, { apiUrl: 'http://api', token: 'secret' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readConfigFile(path)).toEqual({ apiUrl: 'http://api', token: 'secret' });
    const fresh = join(dir, 'new', 'rollout', 'config.json');
    writeConfigFile(fresh, { apiUrl: 'http://api', token: 'secret' });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'new', 'rollout')).mode & 0o777).toBe(0o700);
  });

  it('takes ROLLOUT_API_URL and ROLLOUT_TOKEN over the file', () => {
    writeConfigFile(join(dir, 'rollout', 'config.json'), { apiUrl: 'http://file/', token: 'file-token' });
    expect(loadConfig({ XDG_CONFIG_HOME: dir })).toEqual({ apiUrl: 'http://file', token: 'file-token' });
    expect(loadConfig({ XDG_CONFIG_HOME: dir, ROLLOUT_TOKEN: 'env-token' })).toEqual({
      apiUrl: 'http://file',
      token: 'env-token',
    });
    expect(loadConfig({ XDG_CONFIG_HOME: dir, ROLLOUT_API_URL: 'http://env', ROLLOUT_TOKEN: 't' })).toEqual({
      apiUrl: 'http://env',
      token: 't',
    });
  });

  it('says how to log in when nothing is configured (usage exit code)', () => {
    expect(() => loadConfig({ XDG_CONFIG_HOME: dir })).toThrow(CliError);
    expect(() => loadConfig({ XDG_CONFIG_HOME: dir })).toThrow(/rollout login/);
    try {
      loadConfig({ XDG_CONFIG_HOME: dir });
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });
});
