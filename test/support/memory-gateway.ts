// An in-memory API gateway for route tests without Temporal: schedules kept in a map with the real gateway's
// errors, plan checks answered from a list of problems, readiness switchable; any other call answers Unavailable.
// memoryApp serves the real app over it, with a token per role.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../api/app';
import { sha256Hex } from '../../api/auth';
import { loadConfig } from '../../api/config';
import type { EndpointRef } from '../../domain/endpoint';
import type { ErrorDetail } from '../../domain/errors';
import type { RolloutPlan } from '../../domain/plan';
import { ApiError } from '../../api/errors';
import type { Gateway, PlanCheck } from '../../api/rollouts-gateway';
import type { NewSchedule, ScheduleInfo } from '../../api/schedules-gateway';

export interface MemoryGateway extends Gateway {
  readonly schedules: Map<string, NewSchedule>;
  /** Problems the next plan checks report. */
  planProblems: ErrorDetail[];
  setReady(up: boolean): void;
}

const unavailable = (what: string) => async (): Promise<never> => {
  throw new ApiError('Unavailable', `the in-memory gateway does not ${what}`);
};

function scheduleInfo(s: NewSchedule): ScheduleInfo {
  return {
    id: s.scheduleId,
    cron: s.cron,
    every: s.every,
    paused: s.paused ?? false,
    note: s.note,
    template: { scheduleId: s.scheduleId, target: s.target, plan: s.plan },
    recentActions: [],
    nextActionTimes: [],
  };
}

function planCheck(target: EndpointRef, plan: RolloutPlan, problems: ErrorDetail[]): PlanCheck {
  return {
    problems,
    baseline: 'blue',
    candidateName: plan.candidate.name ?? 'green',
    model: plan.candidate.model,
    endpoint: {
      name: target.endpoint,
      computeType: 'Managed',
      provisioningState: 'Succeeded',
      deployments: [],
      traffic: { blue: 100 },
      mirrorTraffic: {},
    },
  };
}

export function memoryGateway(): MemoryGateway {
  const schedules = new Map<string, NewSchedule>();
  let up = true;
  const gateway: MemoryGateway = {
    schedules,
    planProblems: [],
    setReady: (value) => {
      up = value;
    },
    ready: async () => {
      if (!up) throw new Error('connection refused');
    },
    checkPlan: async (target, plan) => planCheck(target, plan, gateway.planProblems),
    async createSchedule(s) {
      if (schedules.has(s.scheduleId)) throw new ApiError('InvalidState', `schedule ${s.scheduleId} already exists`);
      schedules.set(s.scheduleId, s);
    },
    async describeSchedule(id) {
      const found = schedules.get(id);
      if (!found) throw new ApiError('NotFound', `schedule ${id} not found`);
      return scheduleInfo(found);
    },
    listScheduleIds: async () => [...schedules.keys()],
    async pauseSchedule(id, paused, note) {
      const found = schedules.get(id);
      if (!found) throw new ApiError('NotFound', `schedule ${id} not found`);
      schedules.set(id, { ...found, paused, note });
    },
    async updateSchedule(id, change) {
      const found = schedules.get(id);
      if (!found) throw new ApiError('NotFound', `schedule ${id} not found`);
      const respecified = change.cron !== undefined || change.every !== undefined;
      schedules.set(id, {
        ...found,
        ...(respecified ? { cron: change.cron, every: change.every } : {}),
        ...(change.plan ? { plan: change.plan, target: change.target ?? found.target } : {}),
        note: change.note ?? found.note,
      });
    },
    async deleteSchedule(id) {
      if (!schedules.delete(id)) throw new ApiError('NotFound', `schedule ${id} not found`);
    },
    describe: unavailable('describe rollouts'),
    start: unavailable('start rollouts'),
    status: unavailable('query rollouts'),
    statusOf: unavailable('query rollouts'),
    planOf: unavailable('query rollouts'),
    control: unavailable('control rollouts'),
    list: async () => [],
    count: async () => 0,
    active: async () => undefined,
  };
  return gateway;
}

export const MEMORY_TOKENS = { viewer: 'viewer-token-123', admin: 'admin-token-123' } as const;

export function memoryApp(gateway: MemoryGateway) {
  const config = loadConfig({
    ROLLOUT_STORE_DIR: mkdtempSync(join(tmpdir(), 'memory-store-')),
    API_TOKENS: JSON.stringify([
      { name: 'vera', role: 'viewer', sha256: sha256Hex(MEMORY_TOKENS.viewer) },
      { name: 'ada', role: 'admin', sha256: sha256Hex(MEMORY_TOKENS.admin) },
    ]),
    AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000000',
    AZURE_RESOURCE_GROUP: 'rg',
    AZURE_WORKSPACE: 'ws',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });
  return createApp({ gateway, config, logger: pino({ level: 'silent' }), metricsCacheMs: 0 });
}
