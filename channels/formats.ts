// One notification event as each channel kind's receiver expects it: our signed JSON for the generic webhook, a
// Block Kit message with a `text` fallback for Slack incoming webhooks, an Adaptive Card in the `attachments`
// envelope for a Teams Workflows webhook (the Office 365 connector format is retired).
import { headline, type NotificationEvent } from '../domain/notifications';
import type { ChannelKind } from './records';

export interface MessageLinks {
  dashboard?: string;
  temporal?: string;
}

export interface Rendered {
  event: NotificationEvent;
  deliveryId: string;
  links: MessageLinks;
}

const facts = (event: NotificationEvent) => [
  { title: 'Endpoint', value: event.endpoint },
  { title: 'Candidate traffic', value: `${event.weight}%` },
  { title: 'State', value: event.state },
  { title: 'Model', value: event.model },
  ...(event.cause ? [{ title: 'Cause', value: event.cause }] : []),
];

const linkList = (links: MessageLinks) => [
  ...(links.dashboard ? [{ title: 'Dashboard', url: links.dashboard }] : []),
  ...(links.temporal ? [{ title: 'Temporal workflow', url: links.temporal }] : []),
];

function webhookBody({ event, deliveryId, links }: Rendered) {
  const { triggers, ...rest } = event;
  return { type: 'rollout.notification', version: 1, deliveryId, text: headline(event), ...rest, triggers, links };
}

const mrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function slackBody({ event, links }: Rendered) {
  const title = headline(event);
  const buttons = linkList(links).map((link, i) => ({
    type: 'button',
    action_id: `link-${i}`,
    text: { type: 'plain_text', text: link.title },
    url: link.url,
  }));
  return {
    text: `${title}: ${event.evidence}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(title, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn(event.evidence), 3000) } },
      {
        type: 'section',
        fields: facts(event).map((f) => ({ type: 'mrkdwn', text: cut(`*${f.title}*\n${mrkdwn(f.value)}`, 2000) })),
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: mrkdwn(`${event.rolloutId} · by ${event.actor} · ${event.at}`) }],
      },
      ...(buttons.length > 0 ? [{ type: 'actions', elements: buttons }] : []),
    ],
  };
}

function teamsBody({ event, links }: Rendered) {
  const alarming = ['failed', 'rollback.stuck', 'gate.failed'].includes(event.trigger);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: headline(event),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              ...(alarming ? { color: 'Attention' } : {}),
            },
            { type: 'TextBlock', text: event.evidence, wrap: true },
            { type: 'FactSet', facts: facts(event) },
            {
              type: 'TextBlock',
              text: `${event.rolloutId} · by ${event.actor} · ${event.at}`,
              isSubtle: true,
              wrap: true,
            },
          ],
          actions: linkList(links).map((link) => ({ type: 'Action.OpenUrl', title: link.title, url: link.url })),
        },
      },
    ],
  };
}

export const RENDERERS: Record<ChannelKind, (message: Rendered) => object> = {
  webhook: webhookBody,
  slack: slackBody,
  teams: teamsBody,
};
