// The benchmark scenario file (issue 4): traffic, both arms' error rates and latency laws, incidents, and whether
// rolling back is right. Extra optional fields model drift (greenRamp), a pure slow-path tail (tailShift) and load
// swings (rpsCycle).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const latency = z
  .object({ median: z.number().positive(), p99: z.number().positive() })
  .strict()
  .refine((l) => l.p99 > l.median, { message: 'p99 must be above median' });

const arm = z
  .object({
    errorRate: z.number().min(0).max(1),
    latencyMs: latency,
    /** Adds addMs to every request slower than this arm's aboveQuantile (a slow path on the tail only). */
    tailShift: z
      .object({ aboveQuantile: z.number().gt(0).lt(1), addMs: z.number().positive() })
      .strict()
      .optional(),
  })
  .strict();

const deploymentName = z.enum(['blue', 'green']);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    rps: z.number().positive(),
    greenShare: z.union([
      z.number().gt(0).lt(1),
      z.array(z.object({ atS: z.number().min(0), share: z.number().gt(0).lt(1) }).strict()).min(1),
    ]),
    durationS: z.number().int().min(60),
    blue: arm,
    green: arm,
    incidents: z
      .array(
        z
          .object({
            startS: z.number().min(0),
            endS: z.number().positive(),
            errorRate: z.number().min(0).max(1),
            latencyFactor: z.number().positive().default(1),
            deployments: z.array(deploymentName).min(1),
          })
          .strict(),
      )
      .default([]),
    /** Live traffic swings around rps: rps × (1 + amplitude × sin(2πt / periodS)), a diurnal load in miniature. */
    rpsCycle: z
      .object({ amplitude: z.number().min(0).lt(1), periodS: z.number().positive() })
      .strict()
      .optional(),
    /** Green's error rate moves linearly from green.errorRate to errorRate over overS seconds (a slow leak). */
    greenRamp: z
      .object({ errorRate: z.number().min(0).max(1), overS: z.number().positive() })
      .strict()
      .optional(),
    bad: z.boolean(),
    description: z.string().optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type Arm = z.infer<typeof arm>;

export function parseScenario(json: unknown, source: string): Scenario {
  const r = scenarioSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${source}: invalid scenario: ${issues}`);
  }
  return r.data;
}

/** One scenario file, or every *.json file of a folder in name order. */
export function loadScenarios(path: string): Scenario[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  return files.map((f) => parseScenario(JSON.parse(readFileSync(f, 'utf8')), f));
}

export function shareAt(s: Scenario, t: number): number {
  if (typeof s.greenShare === 'number') return s.greenShare;
  let share = s.greenShare[0].share;
  for (const step of s.greenShare) if (t >= step.atS) share = step.share;
  return share;
}

export function rpsAt(s: Scenario, t: number): number {
  return s.rpsCycle ? s.rps * (1 + s.rpsCycle.amplitude * Math.sin((2 * Math.PI * t) / s.rpsCycle.periodS)) : s.rps;
}
