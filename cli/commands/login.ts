// `rollout login`: check an API URL and token against the API, then keep them for the next commands.
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ApiClient } from '../client';
import { configPath, readConfigFile, writeConfigFile } from '../config';
import { CliError } from '../errors';
import { EXIT } from '../exit-codes';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    process.stderr.write(question);
    return (await rl.question('')).trim();
  } finally {
    rl.close();
  }
}

export function registerLogin(program: Command) {
  program
    .command('login')
    .description(`check and store the API URL and token (in ${configPath()}, mode 0600)`)
    .option('--api-url <url>', 'the API, e.g. http://127.0.0.1:8080 (asked for when left out)')
    .option('--token <token>', 'a bearer token (asked for on stdin when left out, so it stays out of shell history)')
    .option('--no-verify', 'store without checking against the API')
    .action(async (options: { apiUrl?: string; token?: string; verify: boolean }) => {
      const path = configPath();
      const current = readConfigFile(path);
      const apiUrl = (
        options.apiUrl ||
        (await ask(`API URL${current.apiUrl ? ` [${current.apiUrl}]` : ''}: `)) ||
        current.apiUrl ||
        ''
      ).replace(/\/+$/, '');
      if (!/^https?:\/\/\S+$/.test(apiUrl)) throw new CliError(`not an http(s) URL: '${apiUrl}'`, EXIT.usage);
      const token = options.token || (await ask('token: '));
      if (!token) throw new CliError('no token given', EXIT.usage);
      if (options.verify) await new ApiClient({ apiUrl, token }).request('GET', '/rollouts?limit=1');
      writeConfigFile(path, { apiUrl, token });
      process.stdout.write(`logged in to ${apiUrl}; saved in ${path}\n`);
    });
}
