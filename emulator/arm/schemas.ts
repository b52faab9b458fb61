// Request-body schemas of the ARM writes (types only; Azure's business rules live in rules.ts). A body that
// does not fit answers 400 BadArgument naming each field and what was expected.
import { z } from 'zod';
import { badArgument } from './errors';

const percent = z.number().int('must be an integer').min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100');
const trafficMap = z.record(z.string(), percent);
const stringMap = z.record(z.string(), z.string());

const identity = z.looseObject({
  type: z.enum(['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned']),
  userAssignedIdentities: z.record(z.string(), z.unknown()).nullish(),
});

export const endpointPutSchema = z.looseObject({
  location: z.string().min(1),
  kind: z.string().nullish(),
  tags: stringMap.nullish(),
  identity: identity.nullish(),
  properties: z.looseObject({
    authMode: z.enum(['AMLToken', 'Key', 'AADToken']),
    description: z.string().nullish(),
    compute: z.string().nullish(),
    traffic: trafficMap.nullish(),
    mirrorTraffic: trafficMap.nullish(),
    publicNetworkAccess: z.enum(['Enabled', 'Disabled']).nullish(),
    properties: stringMap.nullish(),
  }),
});

export const endpointPatchSchema = z.looseObject({
  tags: stringMap.nullish(),
  identity: identity.nullish(),
});

const sku = z.looseObject({
  name: z.string().nullish(),
  tier: z.string().nullish(),
  size: z.string().nullish(),
  family: z.string().nullish(),
  capacity: z.number().int('must be an integer').min(1, 'must be at least 1').nullish(),
});

const duration = z.string().regex(/^P(T?[\d.]+[DHMS])+$/i, 'must be an ISO 8601 duration such as PT5S');

export const deploymentPutSchema = z.looseObject({
  location: z.string().min(1),
  kind: z.string().nullish(),
  tags: stringMap.nullish(),
  identity: identity.nullish(),
  sku: sku.nullish(),
  properties: z.looseObject({
    endpointComputeType: z.enum(['Managed', 'Kubernetes', 'AzureMLCompute']),
    model: z.string().min(1, 'a deployment must name a model'),
    instanceType: z.string().nullish(),
    description: z.string().nullish(),
    codeConfiguration: z
      .looseObject({ codeId: z.string().nullish(), scoringScript: z.string().min(1, 'must name the scoring script') })
      .nullish(),
    environmentId: z.string().min(1).nullish(),
    environmentVariables: stringMap.nullish(),
    appInsightsEnabled: z.boolean().nullish(),
    requestSettings: z
      .looseObject({
        maxConcurrentRequestsPerInstance: z.number().int().min(1).nullish(),
        requestTimeout: duration.nullish(),
        maxQueueWait: duration.nullish(),
      })
      .nullish(),
    scaleSettings: z.looseObject({ scaleType: z.enum(['Default', 'TargetUtilization']) }).nullish(),
  }),
});

export const deploymentPatchSchema = z.looseObject({ tags: stringMap.nullish(), sku: sku.nullish() });

export const regenerateKeysSchema = z.looseObject({
  keyType: z.enum(['Primary', 'Secondary']),
  keyValue: z.string().min(1).nullish(),
});

export const getLogsSchema = z.looseObject({
  containerType: z.enum(['InferenceServer', 'StorageInitializer']).nullish(),
  tail: z.number().int().min(1).nullish(),
});

export const modelVersionPutSchema = z.looseObject({
  properties: z
    .looseObject({
      description: z.string().nullish(),
      modelUri: z.string().nullish(),
      modelType: z.string().nullish(),
      tags: stringMap.nullish(),
      properties: stringMap.nullish(),
      isArchived: z.boolean().nullish(),
    })
    .nullish(),
});

export const modelContainerPutSchema = z.looseObject({
  properties: z.looseObject({ description: z.string().nullish(), tags: stringMap.nullish() }).nullish(),
});

/** Parses a body or throws 400 BadArgument listing every problem as `field: rule`. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? undefined);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`);
  throw badArgument(`The request body is invalid: ${problems.join('; ')}.`);
}

/** PATCH bodies may carry only the listed top-level fields (Azure's Partial* resource types). */
export function onlyFields(body: unknown, allowed: string[], hint: string): void {
  if (!body || typeof body !== 'object') return;
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw badArgument(`${extra.join(', ')}: cannot be changed with PATCH; ${hint}`);
}

const assetBase = {
  description: z.string().nullish(),
  tags: stringMap.nullish(),
  properties: stringMap.nullish(),
  isAnonymous: z.boolean().nullish(),
  isArchived: z.boolean().nullish(),
};

export const assetContainerPutSchema = z.looseObject({
  properties: z.looseObject({ description: z.string().nullish(), tags: stringMap.nullish() }).nullish(),
});

export const codeVersionPutSchema = z.looseObject({
  properties: z.looseObject({ ...assetBase, codeUri: z.string().min(1, 'a code version must name its files') }),
});

// The CLI v2 environment schema: a Docker image or a build context (with an optional conda file on top).
export const environmentVersionPutSchema = z.looseObject({
  properties: z
    .looseObject({
      ...assetBase,
      image: z.string().min(1).nullish(),
      condaFile: z.string().nullish(),
      build: z.looseObject({ contextUri: z.string().min(1), dockerfilePath: z.string().nullish() }).nullish(),
      osType: z.enum(['Linux', 'Windows']).nullish(),
      inferenceConfig: z.looseObject({}).nullish(),
    })
    .refine((p) => Boolean(p.image) !== Boolean(p.build), {
      message: 'an environment needs exactly one of image and build',
      path: ['image'],
    }),
});
