// schedules list, create FILE and delete ID: scheduled canaries.
import type { Command } from 'commander';
import { parse } from 'yaml';
import { render, renderTable } from '../output';
import { client, outputOption, print, readPlanFile, type ReadOptions } from './shared';

/** As GET /schedules returns each (the API's ScheduleInfo plus links). */
interface Schedule {
  id: string;
  cron?: string;
  every?: string;
  paused: boolean;
  note?: string;
  recentActions: { scheduledAt: string; takenAt: string; workflowId: string }[];
  nextActionTimes: string[];
}

const cell = (value: unknown) =>
  value === undefined || value === null ? '-' : typeof value === 'string' ? value : JSON.stringify(value);

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
      const created = await client().request<Schedule>('POST', '/schedules', { body });
      print(render(created, options.output, () => `created schedule ${created.id}`));
    });
  schedules
    .command('delete <id>')
    .description('delete a schedule')
    .action(async (id: string) => {
      await client().request('DELETE', `/schedules/${encodeURIComponent(id)}`);
      print(`deleted schedule ${id}`);
    });
}
