// ARM handlers of model containers and versions: enough to register and look up `heart-classifier` versions.
// A version PUT creates its container when missing [emulator choice]; versions are positive integers.
import { Router, type Request } from 'express';
import type { ArmContext } from './context';
import { badArgument, notFound } from './errors';
import { nowIso } from './guards';
import { paginate } from './paging';
import { renderModelContainer, renderModelVersion } from './render';
import { modelContainerPutSchema, modelVersionPutSchema, parseBody } from './schemas';
import type { ModelContainerRecord } from '../workspace/state';

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

export function modelsRouter(ctx: ArmContext): Router {
  const router = Router({ mergeParams: true });
  const container = (req: Request) => {
    const found = ctx.ws.model(String(req.params.model));
    if (!found) throw notFound(`Model container '${req.params.model}'`);
    return found;
  };

  router.get('/models', (req, res) => {
    res.json(
      paginate(
        req,
        ctx,
        Object.values(ctx.ws.state.models).map((m) => renderModelContainer(ctx, m)),
      ),
    );
  });
  router.get('/models/:model', (req, res) => res.json(renderModelContainer(ctx, container(req))));
  router.put('/models/:model', (req, res) => {
    const body = parseBody(modelContainerPutSchema, req.body);
    const name = checkModelName(String(req.params.model));
    const existing = ctx.ws.model(name);
    const model = existing ?? ensureContainer(ctx, name);
    model.description = body.properties?.description ?? model.description;
    model.tags = body.properties?.tags ?? model.tags;
    ctx.ws.changed();
    res.status(existing ? 200 : 201).json(renderModelContainer(ctx, model));
  });
  router.get('/models/:model/versions', (req, res) => {
    const versions = Object.values(container(req).versions).sort((a, b) => a.version - b.version);
    res.json(
      paginate(
        req,
        ctx,
        versions.map((v) => renderModelVersion(ctx, v)),
      ),
    );
  });
  router.get('/models/:model/versions/:version', (req, res) => {
    const version = ctx.ws.modelVersion(String(container(req).name), String(req.params.version));
    if (!version) throw notFound(`Model version '${req.params.model}:${req.params.version}'`);
    res.json(renderModelVersion(ctx, version));
  });
  router.put('/models/:model/versions/:version', (req, res) => {
    const body = parseBody(modelVersionPutSchema, req.body);
    const name = checkModelName(String(req.params.model));
    const version = Number(req.params.version);
    if (!Number.isInteger(version) || version < 1 || String(version) !== req.params.version) {
      throw badArgument(`version '${req.params.version}': must be a positive integer.`);
    }
    const model = ensureContainer(ctx, name);
    const existing = model.versions[String(version)];
    const record = existing ?? ctx.newModelVersion(name, version, body.properties?.description ?? undefined);
    if (existing && body.properties?.description != null) existing.description = body.properties.description;
    model.versions[String(version)] = record;
    ctx.ws.changed();
    res.status(existing ? 200 : 201).json(renderModelVersion(ctx, record));
  });
  return router;
}

function checkModelName(name: string): string {
  if (!MODEL_NAME.test(name)) {
    throw badArgument(
      `model name '${name}': must start with a letter or digit and contain only letters, digits, '-', '_' and '.'.`,
    );
  }
  return name;
}

function ensureContainer(ctx: ArmContext, name: string): ModelContainerRecord {
  const existing = ctx.ws.model(name);
  if (existing) return existing;
  const created: ModelContainerRecord = { name, createdAt: nowIso(), tags: {}, versions: {} };
  ctx.ws.state.models[name] = created;
  return created;
}
