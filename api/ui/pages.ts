// The dashboard's pages as server-rendered HTML: sign-in, home (needs attention, then every rollout), a rollout
// (timeline, traffic, gates with charts, actions, event log), the plan preview and the schedules.
import type { RolloutPlan } from '../../domain/plan';
import type { GateRecord, RolloutStatus, StageFold } from '../../domain/status';
import type { Timeline } from '../../domain/timeline';
import type { Principal } from '../auth';
import { ENTRA_START_PATH } from '../config';
import { stateRefusal } from '../../domain/control-state';
import { CONTROL_ACTIONS, ROLLOUT_STATES, controlPath, type ControlAction } from '../contract';
import { mayAct } from '../roles';
import { lineChart, type Line } from './charts';
import { html, trafficText, when, type Html } from './html';

export const ATTENTION_STATES = ['AwaitingApproval', 'RollingBack', 'Failed'];

export interface RolloutRow {
  id: string;
  endpoint: string;
  state: string;
  paused?: boolean;
  model?: string;
  traffic?: Record<string, number>;
  startedAt?: string;
  closedAt?: string;
}

export const needsAttention = (r: RolloutRow) => ATTENTION_STATES.includes(r.state) || r.paused === true;
export const rolloutHref = (id: string) => `/ui/rollouts/${encodeURIComponent(id)}`;

/** The sign-in page; "Sign in with Microsoft" only where Entra ID sign-in is configured. */
export function loginPage(message?: string, entra = false): Html {
  return html`<h1>Sign in</h1>
    ${message ? html`<p class="error" role="alert">${message}</p>` : ''}
    ${
      entra
        ? html`<p>
              <a class="button" href="${ENTRA_START_PATH}" data-testid="entra-sign-in">Sign in with Microsoft</a>
            </p>
            <p class="muted">or with a bearer token:</p>`
        : ''
    }
    <form method="post" action="/ui/login" class="card">
      <label>Bearer token <input type="password" name="token" autocomplete="off" required autofocus /></label>
      <button type="submit">Sign in</button>
    </form>
    <p class="muted">Use the same token as for the REST API.</p>`;
}

/** A table's header row. */
function tableHead(columns: readonly string[]): Html {
  return html`<thead>
    <tr>
      ${columns.map((c) => html`<th>${c}</th>`)}
    </tr>
  </thead>`;
}

function rowsTable(rows: RolloutRow[], testid: string): Html {
  if (rows.length === 0) return html`<p class="muted" data-testid="${testid}-empty">none</p>`;
  return html`<table data-testid="${testid}">
    ${tableHead(['endpoint', 'state', 'model', 'traffic', 'started', 'ended'])}
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr data-state="${r.state}">
            <td><a href="${rolloutHref(r.id)}">${r.endpoint}</a></td>
            <td>
              <span class="state s-${r.state}">${r.state}</span
              >${r.paused ? html` <span class="state s-Paused">Paused</span>` : ''}
            </td>
            <td>${r.model ?? ''}</td>
            <td>${trafficText(r.traffic)}</td>
            <td>${when(r.startedAt)}</td>
            <td>${when(r.closedAt)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function homeTables(rows: RolloutRow[]): Html {
  const attention = rows.filter(needsAttention);
  return html`<h2>Needs attention</h2>
    ${rowsTable(attention, 'attention')}
    <h2>Active and recent</h2>
    ${rowsTable(rows, 'rollouts')}`;
}

export function homePage(rows: RolloutRow[], filter: { endpoint?: string; state?: string }): Html {
  const options = ROLLOUT_STATES.map((s) => html`<option${s === filter.state ? html` selected` : ''}>${s}</option>`);
  return html`<h1>Rollouts</h1>
    <form method="get" action="/ui" class="filters">
      <label>endpoint <input name="endpoint" value="${filter.endpoint ?? ''}" placeholder="any" /></label>
      <label
        >state
        <select name="state">
          <option value="">any</option>
          ${options}
        </select></label
      ><button type="submit">Filter</button>
    </form>
    <div
      id="home-live"
      data-poll="/ui/fragments/home?endpoint=${encodeURIComponent(filter.endpoint ?? '')}&amp;state=${encodeURIComponent(filter.state ?? '')}"
    >
      ${homeTables(rows)}
    </div>`;
}

/** Why the state forbids an action: the workflow's own state rule; undefined when allowed. */
export const actionBlocked = (action: ControlAction, s: RolloutStatus): string | undefined => stateRefusal(action, s);

const NEEDS_REASON: readonly ControlAction[] = ['rollback', 'promote', 'abandonRollback', 'overrideWindow'];
const LABELS: Partial<Record<ControlAction, string>> = {
  rollback: 'roll back',
  abandonRollback: 'abandon rollback',
  overrideWindow: 'override window',
};

function actions(s: RolloutStatus, principal: Principal): Html {
  const allowed = CONTROL_ACTIONS.filter((a) => mayAct(principal.roles, a));
  if (allowed.length === 0) return html``;
  return html`<section class="actions" data-testid="actions">
    <h2>Actions</h2>
    ${allowed.map((a) => {
      const blocked = actionBlocked(a, s);
      return html`<span class="action"
        ><button
          type="button"
          data-action="${a}"
          data-path="${controlPath(a)}"
          data-gate="${a === 'approve' || a === 'reject' ? (s.awaiting?.gate ?? '') : ''}"
          data-reason-required="${NEEDS_REASON.includes(a) ? 'yes' : 'no'}"
          ${blocked ? html` disabled title="${blocked}"` : ''}
        >
          ${LABELS[a] ?? a}
        </button>
        ${blocked ? html`<small class="muted">${blocked}</small>` : ''}</span
      >`;
    })}
  </section>`;
}

function stageTimeline(s: RolloutStatus, plan: RolloutPlan | undefined, timeline: Timeline | undefined): Html {
  if (!plan) return html`<p>stage ${s.stageIndex + 1}: ${s.stage ?? '—'}</p>`;
  const ended = ['Succeeded', 'RolledBack', 'Failed', 'Refused'].includes(s.state);
  return html`<ol class="timeline" data-testid="timeline">
    ${plan.stages.map((stage, i) => {
      const cls =
        i < s.stageIndex || (ended && i === s.stageIndex && s.state === 'Succeeded')
          ? 'done'
          : i === s.stageIndex && !ended
            ? 'current'
            : '';
      const step = timeline?.steps[i];
      return html`<li class="${cls}" ${cls === 'current' ? html` aria-current="step" data-testid="current-stage"` : ''}>
        <b>${i + 1}. ${stage.kind}</b><br /><small>${step?.description ?? ''}</small>
      </li>`;
    })}
  </ol>`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
const rate = (side: unknown) => {
  const requests = num(get(side, 'requests'));
  const errors = num(get(side, 'errors'));
  return requests ? (errors ?? 0) / requests : null;
};

function verdictWords(g: GateRecord): string {
  const words = { continue: 'still watching', pass: 'passed', fail: 'failed', inconclusive: 'inconclusive' }[
    g.verdict.kind
  ];
  return `${words} (${g.verdict.rule})${g.verdict.reasons.length ? `: ${g.verdict.reasons.join(' ')}` : ''}`;
}

/** The reads a stage folded (workflows/fold.ts) in words: how many, by verdict, and the decisive one. */
function foldedWords(fold: StageFold): string {
  const kinds = Object.entries(fold.counts).filter(([, n]) => n > 0);
  const decisive = `decisive ${fold.decisive.kind} (${fold.decisive.rule}) ${when(fold.decisive.at)}`;
  return `${fold.gates} folded: ${kinds.map(([k, n]) => `${n} ${k}`).join(', ')}; ${decisive}`;
}

/** A stage all of whose reads were folded: its last verdict and the counts. */
function foldedCard(fold: StageFold): Html {
  const last: GateRecord = { ...fold, at: fold.last.at, verdict: { evidence: {}, ...fold.last } };
  return gateArticle(last, `${foldedWords(fold)}; last ${when(last.at)}`);
}

/** One gate's card: the stage, its last verdict in words, a footer line, and the charts of its reads (if any). */
function gateArticle(last: GateRecord, footer: string, charts?: Html[]): Html {
  return html`<article
    class="gate v-${last.verdict.kind}"
    data-testid="gate"
    data-stage-index="${last.stageIndex}"
    data-verdict="${last.verdict.kind}"
  >
    <h3>stage ${last.stageIndex + 1} · ${last.stage} gate: <span class="verdict">${last.verdict.kind}</span></h3>
    <p class="reason" data-testid="gate-reason">${verdictWords(last)}</p>
    <small class="muted">${footer}</small>
    ${charts ? html`<div class="charts">${charts}</div>` : ''}
  </article>`;
}

function gateCard(reads: GateRecord[], fold?: StageFold): Html {
  const last = reads[reads.length - 1];
  const ev = reads.map((r) => r.verdict.evidence);
  const slo = ev.map((e) => get(e, 'slo')).find((v) => v && typeof v === 'object') as
    Record<string, unknown> | undefined;
  const errorLines: Line[] =
    num(slo?.maxErrorRate) !== null ? [{ label: `SLO ${slo!.maxErrorRate}`, value: slo!.maxErrorRate as number }] : [];
  const charts: Html[] = [];
  if (last.stage !== 'validate') {
    charts.push(
      lineChart(
        'error rate',
        [
          { name: 'candidate', cls: 'candidate', values: ev.map((e) => rate(get(e, 'candidate'))) },
          { name: 'baseline', cls: 'baseline', values: ev.map((e) => rate(get(e, 'baseline'))) },
        ],
        errorLines,
        { testid: 'chart-errors' },
      ),
    );
    const p99 = ev.map((e) => num(get(e, 'candidate', 'p99Ms')));
    if (p99.some((v) => v !== null)) {
      const maxP99 = num(slo?.maxP99LatencyMs);
      charts.push(
        lineChart(
          'latency p99 (ms)',
          [
            { name: 'candidate', cls: 'candidate', values: p99 },
            { name: 'baseline', cls: 'baseline', values: ev.map((e) => num(get(e, 'baseline', 'p99Ms'))) },
          ],
          maxP99 !== null ? [{ label: `SLO ${maxP99} ms`, value: maxP99 }] : [],
          { testid: 'chart-latency' },
        ),
      );
    }
    const eValues = ev.map((e) => num(get(e, 'errors', 'eValue')));
    if (eValues.some((v) => v !== null)) {
      const harm = ev.map((e) => num(get(e, 'errors', 'harmThreshold'))).find((v) => v !== null);
      charts.push(
        lineChart(
          'sequential evidence (e-value, log scale)',
          [
            { name: 'errors', cls: 'candidate', values: eValues },
            { name: 'latency', cls: 'latency', values: ev.map((e) => num(get(e, 'latency', 'eValue'))) },
          ],
          harm ? [{ label: `1/α = ${harm}`, value: harm }] : [],
          { log: true, testid: 'chart-evidence' },
        ),
      );
    }
  }
  const footer = `${reads.length} read${reads.length > 1 ? 's' : ''}, last ${when(last.at)}`;
  return gateArticle(last, fold ? `${footer} (and ${foldedWords(fold)})` : footer, charts);
}

function gateCards(byStage: Map<number, GateRecord[]>, folds: StageFold[]): Html | Html[] {
  const indexes = [...new Set([...folds.map((f) => f.stageIndex), ...byStage.keys()])].sort((a, b) => a - b);
  if (indexes.length === 0) return html`<p class="muted">no gate has read metrics yet</p>`;
  return indexes.map((i) => {
    const fold = folds.find((f) => f.stageIndex === i);
    const reads = byStage.get(i);
    return reads ? gateCard(reads, fold) : foldedCard(fold!);
  });
}

export function rolloutLive(
  s: RolloutStatus,
  principal: Principal,
  plan: RolloutPlan | undefined,
  timeline: Timeline | undefined,
): Html {
  const byStage = new Map<number, GateRecord[]>();
  for (const g of s.gates) byStage.set(g.stageIndex, [...(byStage.get(g.stageIndex) ?? []), g]);
  const ended = ['Succeeded', 'RolledBack', 'Failed', 'Refused'].includes(s.state);
  // While it runs, the current stage's split; once it has ended, the plan sets nothing any more.
  const target = ended ? undefined : timeline?.steps[s.stageIndex];
  return html`<div class="summary">
      <span class="state s-${s.state}" data-testid="state">${s.state}</span>
      ${s.paused ? html`<span class="state s-Paused" data-testid="paused">Paused</span>` : ''}
      <span>model <b>${s.model}</b>: <b>${s.candidate}</b> beside <b>${s.baseline}</b></span>
    </div>
    ${s.awaiting ? html`<p class="awaiting" data-testid="awaiting">Waiting for approval at gate <b>${s.awaiting.gate}</b> since ${when(s.awaiting.since)} (times out ${when(s.awaiting.timeoutAt)}${s.awaiting.approvers.length ? `; approvers: ${s.awaiting.approvers.join(', ')}` : ''})</p>` : ''}
    ${s.window ? html`<p class="awaiting" data-testid="window">Held by ${s.window.effect === 'deny' ? 'change freeze' : 'deployment window'} <b>${s.window.ruleId}</b> before ${s.window.stage} since ${when(s.window.since)}: ${s.window.reason} (${s.window.opensAt ? `opens ${when(s.window.opensAt)}` : 'no opening within a year'})</p>` : ''}
    ${s.outcome ? html`<p class="outcome o-${s.outcome.result}" data-testid="outcome"><b>${s.outcome.result}</b>: ${s.outcome.reason}</p>` : ''}
    ${actions(s, principal)}
    <h2>Stages</h2>
    ${stageTimeline(s, plan, timeline)}
    <h2>Traffic</h2>
    <table class="traffic">
      <tr>
        <th></th>
        <th>set by the plan</th>
        <th>read back from Azure</th>
      </tr>
      <tr>
        <td>live</td>
        <td data-testid="traffic-set">${target ? trafficText(target.traffic) : '—'}</td>
        <td data-testid="traffic">${trafficText(s.traffic)}</td>
      </tr>
      <tr>
        <td>mirror</td>
        <td>${target ? trafficText(target.mirrorTraffic) : '—'}</td>
        <td data-testid="mirror">${trafficText(s.mirrorTraffic)}</td>
      </tr>
    </table>
    <h2>Gates</h2>
    ${gateCards(byStage, s.folded?.stages ?? [])}
    <h2>Event log</h2>
    <table class="events" data-testid="events">
      ${tableHead(['when', 'event', 'who', 'why'])}
      <tbody>
        ${[...s.events].reverse().map(
          (e) =>
            html`<tr>
              <td>${when(e.at)}</td>
              <td>${e.type}</td>
              <td>${e.actor}</td>
              <td>
                ${e.reason ?? ''}${e.details && 'comment' in e.details ? html` <i>${String(e.details.comment)}</i>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

export function rolloutPage(id: string, runId: string, live: Html, temporalUrl?: string): Html {
  return html`<h1 data-rollout-id="${id}" id="rollout">${id}</h1>
    <p class="muted">
      run
      ${runId}${temporalUrl ? html` · <a href="${temporalUrl}" target="_blank" rel="noopener" data-testid="temporal-link">workflow in the Temporal UI</a>` : ''}
      · <span id="live-status" data-testid="live-status">connecting…</span>
    </p>
    <div id="live" data-events="/rollouts/${encodeURIComponent(id)}/events" data-fragment="${rolloutHref(id)}/fragment">
      ${live}
    </div>
    <dialog id="confirm">
      <form method="dialog" novalidate>
        <h3 id="confirm-title">Confirm</h3>
        <p id="confirm-text"></p>
        <label>Reason <textarea name="reason" id="confirm-reason" rows="3" maxlength="1000"></textarea></label>
        <p class="error" id="confirm-error" role="alert"></p>
        <menu>
          <button value="cancel" type="button" id="confirm-cancel">Cancel</button
          ><button value="ok" id="confirm-ok" type="submit">Confirm</button>
        </menu>
      </form>
    </dialog>`;
}

export function planPage(
  input: string,
  result?: { error?: { message: string; details: { path?: string; message: string }[] }; preview?: PreviewResult },
): Html {
  const r = result?.preview;
  return html`<h1>Plan preview</h1>
    <p>A dry run: the live checks and the timeline, changing nothing.</p>
    <form method="post" action="/ui/plans" class="card" id="plan-form">
      <input type="hidden" name="csrf" value="" data-csrf />
      <label>Plan (YAML or JSON) <textarea name="plan" rows="16" data-testid="plan-input">${input}</textarea></label>
      <label>or upload a file <input type="file" id="plan-file" accept=".yaml,.yml,.json" /></label>
      <button type="submit">Preview</button>
    </form>
    ${
      result?.error
        ? html`<section class="problems" data-testid="problems">
            <h2>Problems</h2>
            <p class="error">${result.error.message}</p>
            <ul>
              ${result.error.details.map((d) => html`<li><code>${d.path ?? ''}</code> ${d.message}</li>`)}
            </ul>
          </section>`
        : ''
    }
    ${
      r
        ? html`<section data-testid="preview">
            <h2>${r.problems.length ? `${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}` : 'Valid'}</h2>
            <ul class="problems">
              ${r.problems.map((d) => html`<li class="error"><code>${d.path ?? ''}</code> ${d.message}</li>`)}
              ${r.warnings.map((d) => html`<li class="warning"><code>${d.path ?? ''}</code> ${d.message}</li>`)}
            </ul>
            <p>
              endpoint <b>${r.endpoint}</b>: <b>${r.timeline.candidate}</b> (${r.model}) beside
              <b>${r.timeline.baseline}</b>; worst case ${r.timeline.worstCase}
            </p>
            <table data-testid="plan-timeline">
              ${tableHead(['#', 'stage', 'what', 'traffic', 'mirror', 'gate'])}
              <tbody>
                ${r.timeline.steps.map(
                  (s) =>
                    html`<tr>
                      <td>${s.index + 1}</td>
                      <td>${s.kind}</td>
                      <td>${s.description}</td>
                      <td>${trafficText(s.traffic)}</td>
                      <td>${trafficText(s.mirrorTraffic)}</td>
                      <td>${s.gate?.description ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </section>`
        : ''
    }`;
}

export interface PreviewResult {
  endpoint: string;
  model: string;
  problems: { path?: string; message: string }[];
  warnings: { path?: string; message: string }[];
  timeline: Timeline;
}

export interface ScheduleRow {
  id: string;
  cron?: string;
  every?: string;
  paused: boolean;
  note?: string;
  recentActions: {
    takenAt: string;
    workflowId: string;
    outcome?: { started: boolean; rolloutId: string; reason?: string };
    status?: string;
  }[];
  nextActionTimes: string[];
}

/** What a firing did: the rollout it started, or why it skipped. */
function firing(a: ScheduleRow['recentActions'][number]): string {
  if (!a.outcome) return a.status ? a.status.toLowerCase() : a.workflowId;
  return a.outcome.started ? `started ${a.outcome.rolloutId}` : `skipped: ${a.outcome.reason ?? ''}`;
}

export function schedulesPage(rows: ScheduleRow[]): Html {
  return html`<h1>Schedules</h1>
    ${
      rows.length === 0
        ? html`<p class="muted">no schedules</p>`
        : html`<table data-testid="schedules">
            ${tableHead(['id', 'when', 'paused', 'next runs', 'recent runs', 'note'])}
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr>
                    <td>${r.id}</td>
                    <td>${r.cron ?? `every ${r.every ?? '?'}`}</td>
                    <td>${r.paused ? 'yes' : 'no'}</td>
                    <td>${r.nextActionTimes.map((t) => html`${when(t)}<br />`)}</td>
                    <td>${r.recentActions.map((a) => html`${when(a.takenAt)} ${firing(a)}<br />`)}</td>
                    <td>${r.note ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
