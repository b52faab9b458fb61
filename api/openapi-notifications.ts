// The OpenAPI paths of notification channels, subscriptions and the outbound allowlist (api/openapi.ts merges them).
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  allowlistCreateSchema,
  allowlistViewSchema,
  channelCreateSchema,
  channelPatchSchema,
  channelViewSchema,
  recordIdParam,
  subscriptionBodySchema,
  subscriptionCreateSchema,
  subscriptionViewSchema,
} from './contract-notifications';

type Json = (schema: z.ZodType, description: string) => object;
type Errors = (...codes: number[]) => object;

const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });

export function notificationPaths(json: Json, errors: Errors): RouteConfig[] {
  const params = recordIdParam;
  const tags = ['notifications'];
  const write = (method: RouteConfig['method'], path: string, summary: string, extra: Partial<RouteConfig>) =>
    ({ method, path, tags, summary: `${summary} (admin)`, ...extra }) as RouteConfig;
  return [
    {
      method: 'get',
      path: '/channels',
      tags,
      summary: 'List notification channels (never their URL or secret; the host only to admins)',
      responses: { 200: json(z.object({ items: z.array(channelViewSchema) }), 'channels'), ...errors(401) },
    },
    write('post', '/channels', 'Create a channel: its URL must pass the outbound allowlist', {
      request: { body: body(channelCreateSchema) },
      responses: { 201: json(channelViewSchema, 'created'), ...errors(400, 401, 403, 409, 413, 415, 429) },
    }),
    {
      method: 'get',
      path: '/channels/{id}',
      tags,
      summary: 'One channel',
      request: { params },
      responses: { 200: json(channelViewSchema, 'the channel'), ...errors(401, 404) },
    },
    write('patch', '/channels/{id}', 'Change a channel (left-out fields keep their value)', {
      request: { params, body: body(channelPatchSchema) },
      responses: { 200: json(channelViewSchema, 'changed'), ...errors(400, 401, 403, 404, 413, 415, 429) },
    }),
    write('delete', '/channels/{id}', 'Delete a channel no subscription uses', {
      request: { params },
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 409, 429) },
    }),
    {
      method: 'get',
      path: '/subscriptions',
      tags,
      summary: 'List subscriptions',
      responses: { 200: json(z.object({ items: z.array(subscriptionViewSchema) }), 'subscriptions'), ...errors(401) },
    },
    write('post', '/subscriptions', 'Create a subscription', {
      request: { body: body(subscriptionCreateSchema) },
      responses: { 201: json(subscriptionViewSchema, 'created'), ...errors(400, 401, 403, 409, 413, 415, 429) },
    }),
    {
      method: 'get',
      path: '/subscriptions/{id}',
      tags,
      summary: 'One subscription',
      request: { params },
      responses: { 200: json(subscriptionViewSchema, 'the subscription'), ...errors(401, 404) },
    },
    write('put', '/subscriptions/{id}', 'Replace a subscription', {
      request: { params, body: body(subscriptionBodySchema) },
      responses: { 200: json(subscriptionViewSchema, 'replaced'), ...errors(400, 401, 403, 404, 413, 415, 429) },
    }),
    write('delete', '/subscriptions/{id}', 'Delete a subscription', {
      request: { params },
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 429) },
    }),
    write('get', '/notifications/allowlist', 'The outbound allowlist: configured and admin entries', {
      responses: { 200: json(allowlistViewSchema, 'the allowlist'), ...errors(401, 403) },
    }),
    write('post', '/notifications/allowlist', 'Allow a private address range or host for channels', {
      request: { body: body(allowlistCreateSchema) },
      responses: {
        201: json(allowlistViewSchema.shape.items.element, 'added'),
        ...errors(400, 401, 403, 409, 413, 415, 429),
      },
    }),
    write('delete', '/notifications/allowlist/{id}', 'Remove an allowlist entry', {
      request: { params },
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 429) },
    }),
  ];
}
