// plan validate, start, status, watch and list.
import { Option, type Command } from 'commander';
import { parse } from 'yaml';
import { rolloutPath } from '../client';
import { CliError } from '../errors';
import { EXIT, exitForState } from '../exit-codes';
import { follow, isTerminalState } from '../follow';
import { formatTraffic, render, renderTable } from '../output';
import { renderStatus, type PlanOutline, type StatusView } from '../view';
import {
  ROLLOUT_STATES,
  client,
  exitAfterWait,
  outputOption,
  parseDuration,
  print,
  readPlanFile,
  readPlanOutline,
  timeoutOption,
  waitForOption,
  type ReadOptions,
  type WaitOptions,
} from './shared';

interface Validation {
  valid: boolean;
  problems: { path?: string; message: string }[];
  warnings: { path?: string; message: string }[];
  baseline: string;
  candidate: string;
  model: string;
  timeline: {
    steps: {
      index: number;
      kind: string;
      description: string;
      traffic: Record<string, number>;
      mirrorTraffic: Record<string, number>;
      capacity?: { baseline: SideCapacity; candidate?: SideCapacity; resizeCandidate?: number };
    }[];
    worstCase: string;
  };
}

interface SideCapacity {
  instances: number;
  concurrency: number;
  needs: number;
}

/** `blue 2x=16/16`: instances, concurrent requests carried / needed for its share. */
function formatCapacity(v: Validation, c: Validation['timeline']['steps'][number]['capacity']): string {
  if (!c) return '-';
  const one = (name: string, s?: SideCapacity) => (s ? `${name} ${s.instances}x=${s.concurrency}/${s.needs}` : '');
  return [one(v.baseline, c.baseline), one(v.candidate, c.candidate)].filter(Boolean).join(' ');
}

interface Summary {
  id: string;
  endpoint: string;
  state: string;
  model?: string;
  traffic?: Record<string, number>;
  startedAt?: string;
  closedAt?: string;
}

const line = (p: { path?: string; message: string }) => (p.path ? `${p.path}: ${p.message}` : p.message);

function validationTable(v: Validation): string {
  const steps = v.timeline.steps.map((s) => [
    String(s.index + 1),
    s.kind,
    formatTraffic(s.traffic),
    formatTraffic(s.mirrorTraffic),
    formatCapacity(v, s.capacity),
    s.description,
  ]);
  return [
    `valid     ${v.valid ? 'yes' : 'no'}`,
    `deploy    ${v.model || '-'} as ${v.candidate || '-'} beside ${v.baseline || '-'}; worst case ${v.timeline.worstCase}`,
    ...v.problems.map((p) => `problem   ${line(p)}`),
    ...v.warnings.map((w) => `warning   ${line(w)}`),
    '',
    renderTable(['STAGE', 'KIND', 'TRAFFIC', 'MIRROR', 'CAPACITY', 'WHAT'], steps),
  ].join('\n');
}

/** One line per change of state or stage, on stderr, for pipeline logs. */
function progressPrinter() {
  let last = '';
  return (s: StatusView) => {
    const now = `${s.state}${s.paused ? ' (paused)' : ''} stage ${s.stageIndex + 1}${s.stage ? ` ${s.stage}` : ''}`;
    if (now === last) return;
    last = now;
    process.stderr.write(`${new Date().toISOString()}  ${now}  traffic ${formatTraffic(s.traffic)}\n`);
  };
}

async function waitAndReport(
  id: string,
  until: string | undefined,
  options: WaitOptions & ReadOptions,
  plan?: PlanOutline,
): Promise<void> {
  const status = await follow(client(), id, {
    until,
    timeoutMs: options.timeout === undefined ? undefined : parseDuration(options.timeout),
    onStatus: progressPrinter(),
  });
  const full = await client().request<StatusView>('GET', rolloutPath(id));
  print(render(full, options.output, () => renderStatus(full, plan)));
  process.exitCode = exitAfterWait(status, until);
}

export function registerRollouts(program: Command) {
  program
    .command('plan')
    .description('plan files: validate')
    .command('validate <file>')
    .description(
      'dry run a plan file (YAML or JSON; - for stdin) against the live endpoint; exit 6 when it does not fit',
    )
    .addOption(outputOption())
    .action(async (file: string, options: ReadOptions) => {
      const plan = readPlanFile(file);
      const result = await client().request<Validation>('POST', '/plans/validate', {
        body: plan.text,
        contentType: plan.contentType,
      });
      print(render(result, options.output, () => validationTable(result)));
      if (!result.valid) process.exitCode = EXIT.refused;
    });

  program
    .command('start <file>')
    .description('start a rollout from a plan file; --wait follows it to the end and exits with its outcome')
    .option('--wait', 'follow the rollout until it ends')
    .addOption(waitForOption())
    .addOption(timeoutOption())
    .addOption(outputOption())
    .action(async (file: string, options: WaitOptions & ReadOptions & { wait?: boolean }) => {
      const plan = readPlanFile(file);
      const started = await client().request<{ id: string; baseline: string; candidate: string; model: string }>(
        'POST',
        '/rollouts',
        { body: plan.text, contentType: plan.contentType },
      );
      if (!options.wait && !options.waitFor) {
        print(
          render(
            started,
            options.output,
            () => `started ${started.id}: ${started.model} as ${started.candidate} beside ${started.baseline}`,
          ),
        );
        return;
      }
      process.stderr.write(
        `started ${started.id}: ${started.model} as ${started.candidate} beside ${started.baseline}\n`,
      );
      // The plan names every stage in the final timeline, those without a gate (scale, deploy, cleanup) too.
      const stages = (parse(plan.text) as Partial<PlanOutline> | null)?.stages;
      await waitAndReport(started.id, options.waitFor, options, Array.isArray(stages) ? { stages } : undefined);
    });

  program
    .command('status <id>')
    .description("a rollout's status (the id, or the endpoint name in the default workspace)")
    .addOption(waitForOption())
    .addOption(timeoutOption())
    .addOption(outputOption())
    .action(async (id: string, options: WaitOptions & ReadOptions) => {
      if (options.waitFor) return waitAndReport(id, options.waitFor, options);
      const status = await client().request<StatusView>('GET', rolloutPath(id));
      print(render(status, options.output, () => renderStatus(status)));
    });

  program
    .command('watch <id>')
    .description('a live view of a rollout until it ends; exits with its outcome')
    .option('--plan <file>', 'the plan file, to show every stage and the traffic each sets')
    .action(async (id: string, options: { plan?: string }) => {
      const plan: PlanOutline | undefined = options.plan ? readPlanOutline(options.plan) : undefined;
      const tty = process.stdout.isTTY;
      const draw = (s: StatusView) => {
        const frame = renderStatus(s, plan);
        // In a terminal, redraw in place (home, clear to the end); elsewhere, one frame after another.
        process.stdout.write(tty ? `\x1b[H\x1b[J${frame}\n` : `${frame}\n\n`);
      };
      const status = await follow(client(), id, { onStatus: draw });
      if (!isTerminalState(status.state)) throw new CliError(`stopped following in state ${status.state}`, EXIT.error);
      process.exitCode = exitForState(status.state) ?? EXIT.ok;
    });

  program
    .command('list')
    .description('rollouts, newest first')
    .option('--endpoint <name>', 'only this endpoint')
    .addOption(new Option('--state <state>', 'only rollouts in this state').choices(ROLLOUT_STATES))
    .option('--limit <n>', 'at most this many', '50')
    .addOption(outputOption())
    .action(async (options: ReadOptions & { endpoint?: string; state?: string; limit: string }) => {
      const query = new URLSearchParams({ limit: options.limit });
      if (options.endpoint) query.set('endpoint', options.endpoint);
      if (options.state) query.set('state', options.state);
      const result = await client().request<{ items: Summary[]; count: number }>('GET', `/rollouts?${query}`);
      const rows = result.items.map((r) => [
        r.endpoint,
        r.state,
        r.model ?? '-',
        formatTraffic(r.traffic),
        r.startedAt ?? '-',
        r.closedAt ?? '-',
        r.id,
      ]);
      print(
        render(result, options.output, () =>
          renderTable(['ENDPOINT', 'STATE', 'MODEL', 'TRAFFIC', 'STARTED', 'CLOSED', 'ID'], rows),
        ),
      );
    });
}
