// Abuse resistance: per-caller rate limits answer 429 with Retry-After, and event streams are capped per caller and
// in all, a closed stream giving its slot back.
import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../../api/app';
import { sha256Hex } from '../../../api/auth';
import { parseConfig } from '../../../api/config';
import { streamSlots } from '../../../api/limits';
import { gatewayFromConfig } from '../../../api/rollouts-gateway';

const tokens = { viewer: 'viewer-token-123', sre: 'sre-token-123' };
const config = parseConfig({
  API_TOKENS: JSON.stringify([
    { name: 'vera', role: 'viewer', sha256: sha256Hex(tokens.viewer) },
    { name: 'sam', role: 'sre', sha256: sha256Hex(tokens.sre) },
  ]),
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_DRY_RUNS: '2',
});
const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
const app = createApp({ gateway: gatewayFromConfig(client, config), config });
const dryRun = (token: string) =>
  request(app).post('/plans/validate').set('Authorization', `Bearer ${token}`).send({ stages: [] });

describe('rate limits', () => {
  it('answers a caller over its dry-run limit with 429 and Retry-After, and other callers as before', async () => {
    expect((await dryRun(tokens.viewer)).status).toBe(400);
    expect((await dryRun(tokens.viewer)).status).toBe(400);
    const limited = await dryRun(tokens.viewer);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({
      code: 'RateLimited',
      message: 'vera sent more than 2 dry run requests in a minute',
    });
    expect((await dryRun(tokens.sre)).status).toBe(400);
  });
});

describe('event stream slots', () => {
  const response = (name: string) => {
    const res = new EventEmitter() as EventEmitter & { locals: object; set: jest.Mock };
    res.locals = { principal: { name, roles: ['viewer'], via: 'token' } };
    res.set = jest.fn();
    return res as unknown as Response & EventEmitter;
  };

  it('caps the streams one caller holds, and gives a slot back when its stream closes', () => {
    const slots = streamSlots(2, 10);
    const [a, b] = [response('vera'), response('vera')];
    slots.take(a);
    slots.take(b);
    expect(() => slots.take(response('vera'))).toThrow('too many event streams: vera has 2 open (at most 2)');
    slots.take(response('sam'));
    a.emit('close');
    slots.take(response('vera'));
    expect(slots.open()).toBe(3);
  });

  it('caps the streams of all callers together', () => {
    const slots = streamSlots(5, 2);
    slots.take(response('a'));
    slots.take(response('b'));
    expect(() => slots.take(response('c'))).toThrow('too many event streams: 2 are open in all');
  });
});
