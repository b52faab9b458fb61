// The published shapes of chat webhook payloads, as zod schemas written from the vendors' reference pages (no
// machine-readable schema ships with a dependency here): Slack's Block Kit (api.slack.com/reference/block-kit:
// blocks, composition objects, block elements, with their length limits) and an Adaptive Card 1.4
// (adaptivecards.io/explorer: AdaptiveCard, TextBlock, FactSet, Action.OpenUrl) in the envelope Teams Workflows
// webhooks take (learn.microsoft.com, "Create incoming webhooks with Workflows for Microsoft Teams"). Strict objects:
// a field the reference does not list fails.
import { z } from 'zod';

const plainText = (max: number) =>
  z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() }).strict();
const textObject = (max: number) =>
  z.union([
    plainText(max),
    z
      .object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max), verbatim: z.boolean().optional() })
      .strict(),
  ]);
const blockId = z.string().max(255).optional();
const button = z
  .object({
    type: z.literal('button'),
    text: plainText(75),
    action_id: z.string().max(255).optional(),
    url: z.string().url().max(3000).optional(),
    value: z.string().max(2000).optional(),
    style: z.enum(['primary', 'danger']).optional(),
  })
  .strict();

const slackBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), text: plainText(150), block_id: blockId }).strict(),
  z
    .object({
      type: z.literal('section'),
      text: textObject(3000).optional(),
      fields: z.array(textObject(2000)).min(1).max(10).optional(),
      block_id: blockId,
    })
    .strict()
    .refine((section) => section.text !== undefined || section.fields !== undefined, 'a section needs text or fields'),
  z
    .object({ type: z.literal('context'), elements: z.array(textObject(3000)).min(1).max(10), block_id: blockId })
    .strict(),
  z.object({ type: z.literal('actions'), elements: z.array(button).min(1).max(25), block_id: blockId }).strict(),
  z.object({ type: z.literal('divider'), block_id: blockId }).strict(),
]);

/** An incoming-webhook message: `text` is the notification fallback when blocks are given. */
export const slackMessageSchema = z
  .object({ text: z.string().min(1), blocks: z.array(slackBlock).min(1).max(50) })
  .strict();

const color = z.enum(['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention']);
const cardElement = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('TextBlock'),
      text: z.string(),
      color: color.optional(),
      weight: z.enum(['Default', 'Lighter', 'Bolder']).optional(),
      size: z.enum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge']).optional(),
      wrap: z.boolean().optional(),
      isSubtle: z.boolean().optional(),
      maxLines: z.number().int().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('FactSet'),
      facts: z.array(z.object({ title: z.string(), value: z.string() }).strict()),
    })
    .strict(),
]);
const cardAction = z
  .object({ type: z.literal('Action.OpenUrl'), url: z.string().url(), title: z.string().optional() })
  .strict();

export const adaptiveCardSchema = z
  .object({
    $schema: z.string().optional(),
    type: z.literal('AdaptiveCard'),
    version: z.string().regex(/^\d+\.\d+$/),
    body: z.array(cardElement).optional(),
    actions: z.array(cardAction).optional(),
    fallbackText: z.string().optional(),
  })
  .strict();

export const teamsWorkflowMessageSchema = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(
        z
          .object({
            contentType: z.literal('application/vnd.microsoft.card.adaptive'),
            contentUrl: z.null().optional(),
            content: adaptiveCardSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
