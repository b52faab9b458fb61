// schedules list, show ID, create FILE, pause ID, resume ID, update ID and delete ID: scheduled canaries.
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { render, renderTable } from '../output';
import { inlineCandidateFile } from '../plan-file';
import { client, outputOption, print, readPlanFile, type ReadOptions } from './shared';

/** As GET /schedules returns each (the API's ScheduleInfo plus links). */
interface Schedule {
  id: string;
  cron?: string;
  every?: string;
  paused: boolean;
  note?: string;
  recentActions: {
    scheduledAt: string;
    takenAt: string;
    workflowId: string;
    /** What the firing did: started a rollout, or skipped and why. */
    outcome?: { started: boolean; rolloutId: string; reason?: string };
    status?: string;
  }[];
  nextActionTimes: string[];
}

const cell = (value: unknown) =>
  value === undefined || value === null ? '-' : typeof value === 'string' ? value : JSON.stringify(value);

const firing = (action: Schedule['recentActions'][number]) =>
  action.outcome
    ? action.outcome.started
      ? `started ${action.outcome.rolloutId}`
      : `skipped: ${action.outcome.reason ?? ''}`
    : (action.status?.toLowerCase() ?? 'unknown');

const schedulePath = (id: string) => `/schedules/${encodeURIComponent(id)}`;

function describeSchedule(s: Schedule): string {
  const lines = [
    `schedule  ${s.id}   ${cell(s.cron ?? `every ${s.every}`)}${s.paused ? '   (paused)' : ''}`,
    `note      ${cell(s.note)}`,
    `next      ${s.nextActionTimes.join(', ') || '-'}`,
  ];
  if (s.recentActions.length) {
    const rows = s.recentActions.map((a) => [a.takenAt, firing(a)]);
    lines.push('', renderTable(['FIRED', 'OUTCOME'], rows));
  }
  return lines.join('\n');
}

export function registerSchedules(program: Command) {
  const schedules = program.command('schedules').description('scheduled canaries');
  schedules
    .command('list')
    .description('schedules with their next and recent runs')
    .addOption(outputOption())
    .action(async (options: ReadOptions) => {
      const result = await client().request<{ items: Schedule[] }>('GET', '/schedules');
      const rows = result.items.map((s) => [
        s.id,
        cell(s.cron ?? `every ${s.every}`),
        s.paused ? 'yes' : 'no',
        cell(s.nextActionTimes[0]),
        cell(s.recentActions.at(-1)?.takenAt),
        cell(s.note),
      ]);
      print(
        render(result, options.output, () =>
          renderTable(['ID', 'WHEN', 'PAUSED', 'NEXT RUN', 'LAST RUN', 'NOTE'], rows),
        ),
      );
    });
  schedules
    .command('create <file>')
    .description('create a schedule from a file (YAML or JSON): {id?, cron | every, plan, paused?, note?}')
    .addOption(outputOption())
    .action(async (file: string, options: ReadOptions) => {
      const body = parse(readPlanFile(file).text) as unknown;
      if (body && typeof body === 'object' && 'plan' in body) {
        body.plan = inlineCandidateFile(body.plan, file === '-' ? process.cwd() : dirname(resolve(file))).plan;
      }
      const created = await client().request<Schedule>('POST', '/schedules', { body });
      print(render(created, options.output, () => `created schedule ${created.id}`));
    });
  schedules
    .command('show <id>')
    .description('a schedule and what each recent firing did (started a rollout, or skipped and why)')
    .addOption(outputOption())
    .action(async (id: string, options: ReadOptions) => {
      const found = await client().request<Schedule>('GET', schedulePath(id));
      print(render(found, options.output, () => describeSchedule(found)));
    });
  for (const action of ['pause', 'resume'] as const) {
    schedules
      .command(`${action} <id>`)
      .description(`${action} a schedule; the reason is kept with your name as its note`)
      .option('--reason <text>', 'why')
      .addOption(outputOption())
      .action(async (id: string, options: ReadOptions & { reason?: string }) => {
        const body = options.reason ? { reason: options.reason } : {};
        const changed = await client().request<Schedule>('POST', `${schedulePath(id)}/${action}`, { body });
        print(render(changed, options.output, () => `${action === 'pause' ? 'paused' : 'resumed'} schedule ${id}`));
      });
  }
  schedules
    .command('update <id>')
    .description('change a schedule: its cron or interval, its plan template (checked live), its note')
    .option('--cron <expression>', 'a new cron expression')
    .option('--every <duration>', 'a new interval, e.g. 6h')
    .option('--plan <file>', 'a new plan template (YAML or JSON)')
    .option('--note <text>', 'a new note')
    .addOption(outputOption())
    .action(
      async (id: string, options: ReadOptions & { cron?: string; every?: string; plan?: string; note?: string }) => {
        const plan = options.plan === undefined ? undefined : (parse(readPlanFile(options.plan).text) as unknown);
        const body = { cron: options.cron, every: options.every, plan, note: options.note };
        const changed = await client().request<Schedule>('PATCH', schedulePath(id), { body });
        print(render(changed, options.output, () => `updated schedule ${id}`));
      },
    );
  schedules
    .command('delete <id>')
    .description('delete a schedule')
    .action(async (id: string) => {
      await client().request('DELETE', schedulePath(id));
      print(`deleted schedule ${id}`);
    });
}
