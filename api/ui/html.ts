// HTML building blocks for the dashboard: escaping (every interpolated value goes through esc) and the page layout.
import type { Principal } from '../auth';

export const esc = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A tagged template whose `${}` values are escaped unless they are Html already. */
export class Html {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}
export const raw = (text: string) => new Html(text);
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const part = (v: unknown): string => (v instanceof Html ? v.text : Array.isArray(v) ? v.map(part).join('') : esc(v));
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
}

export interface PageInput {
  title: string;
  principal?: Principal;
  csrf?: string;
  body: Html;
  scripts?: string[];
  /** Go on to this same-site page at once (a navigation that starts here, not at whoever redirected to us). */
  refreshTo?: string;
}

export function page({ title, principal, csrf, body, scripts = [], refreshTo }: PageInput): string {
  const nav = principal
    ? html`<nav>
        <a href="/ui">Rollouts</a><a href="/ui/plans">Plan preview</a><a href="/ui/schedules">Schedules</a>
        <span class="who" data-testid="who" title="${principal.name}"
          >${principal.displayName ?? principal.name} (${principal.roles.join(', ')})</span
        >
        <form method="post" action="/ui/logout" class="inline">
          <input type="hidden" name="csrf" value="${csrf}" /> <button type="submit" class="link">Sign out</button>
        </form>
      </nav>`
    : html``;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · rollouts</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${refreshTo ? `<meta http-equiv="refresh" content="0;url=${esc(refreshTo)}">` : ''}${csrf ? `<meta name="csrf-token" content="${esc(csrf)}">` : ''}
<link rel="stylesheet" href="/ui/assets/ui.css"></head><body><header><b>rollout service</b>${nav}</header>
<main>${body}</main>${scripts.map((s) => `<script src="/ui/assets/${esc(s)}"></script>`).join('')}</body></html>`;
}

export const when = (at: string | undefined) =>
  at ? html`<time datetime="${at}">${at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>` : html``;

export const trafficText = (traffic: Record<string, number> | undefined) =>
  Object.entries(traffic ?? {})
    .map(([name, pct]) => `${name} ${pct}%`)
    .join(', ') || '—';
