// ARM handlers of model containers and versions, in the workspace or in a registry (the same routes under
// `…/registries/{r}`). A version PUT creates its container when missing [emulator choice]; versions are positive
// integers; a new version runs the newest existing version's model with ordinary behaviour.
import { Router, type Request } from 'express';
import type { ArmContext } from './context';
import { badArgument, notFound } from './errors';
import { nowIso } from './guards';
import { paginate } from './paging';
import { renderContainer, renderModelVersion } from './render-assets';
import { modelContainerPutSchema, modelVersionPutSchema, parseBody } from './schemas';
import type { ModelContainerRecord } from '../workspace/state';

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

/** Where the routes' models live (the workspace's or a registry's) and that place's ARM path. */
export interface AssetScope {
  models(req: Request): Record<string, ModelContainerRecord>;
  path(req: Request): string;
}

export function modelsRouter(ctx: ArmContext, scope: AssetScope): Router {
  const router = Router({ mergeParams: true });
  const find = (req: Request, name: string) => {
    const models = scope.models(req);
    return Object.hasOwn(models, name) ? models[name] : undefined;
  };
  const container = (req: Request) => {
    const found = find(req, String(req.params.model));
    if (!found) throw notFound(`Model container '${req.params.model}'`);
    return found;
  };
  const ensureContainer = (req: Request, name: string): ModelContainerRecord =>
    find(req, name) ?? (scope.models(req)[name] = { name, createdAt: nowIso(), tags: {}, versions: {} });

  router.get('/models', (req, res) => {
    const all = Object.values(scope.models(req)).map((m) => renderContainer(scope.path(req), 'models', m));
    res.json(paginate(req, ctx, all));
  });
  router.get('/models/:model', (req, res) => res.json(renderContainer(scope.path(req), 'models', container(req))));
  router.put('/models/:model', (req, res) => {
    const body = parseBody(modelContainerPutSchema, req.body);
    const name = checkModelName(String(req.params.model));
    const existing = find(req, name);
    const model = ensureContainer(req, name);
    model.description = body.properties?.description ?? model.description;
    model.tags = body.properties?.tags ?? model.tags;
    ctx.ws.changed();
    res.status(existing ? 200 : 201).json(renderContainer(scope.path(req), 'models', model));
  });
  router.get('/models/:model/versions', (req, res) => {
    const view = listView(req);
    const versions = Object.values(container(req).versions)
      .filter((v) => view === 'All' || (view === 'ArchivedOnly') === (v.isArchived ?? false))
      .sort((a, b) => a.version - b.version);
    res.json(
      paginate(
        req,
        ctx,
        versions.map((v) => renderModelVersion(scope.path(req), v)),
      ),
    );
  });
  router.get('/models/:model/versions/:version', (req, res) => {
    const versions = container(req).versions;
    const version = Object.hasOwn(versions, String(req.params.version))
      ? versions[String(req.params.version)]
      : undefined;
    if (!version) throw notFound(`Model version '${req.params.model}:${req.params.version}'`);
    res.json(renderModelVersion(scope.path(req), version));
  });
  router.put('/models/:model/versions/:version', (req, res) => {
    const body = parseBody(modelVersionPutSchema, req.body);
    const name = checkModelName(String(req.params.model));
    const version = Number(req.params.version);
    if (!Number.isInteger(version) || version < 1 || String(version) !== req.params.version) {
      throw badArgument(`version '${req.params.version}': must be a positive integer.`);
    }
    const model = ensureContainer(req, name);
    const existing = model.versions[String(version)];
    const record = existing ?? ctx.newModelVersion(model, version, body.properties?.description ?? undefined);
    if (existing && body.properties?.description != null) existing.description = body.properties.description;
    // `az ml model archive` / `restore`: the one property an existing version changes besides its description.
    if (body.properties?.isArchived != null) record.isArchived = body.properties.isArchived;
    model.versions[String(version)] = record;
    ctx.ws.changed();
    res.status(existing ? 200 : 201).json(renderModelVersion(scope.path(req), record));
  });
  return router;
}

/** `listViewType` of a version list: archived versions are left out unless asked for, as on Azure. */
function listView(req: Request): 'ActiveOnly' | 'ArchivedOnly' | 'All' {
  const given = req.query.listViewType;
  if (given === undefined) return 'ActiveOnly';
  if (given === 'ActiveOnly' || given === 'ArchivedOnly' || given === 'All') return given;
  throw badArgument(`listViewType '${String(given)}': must be ActiveOnly, ArchivedOnly or All.`);
}

function checkModelName(name: string): string {
  if (!MODEL_NAME.test(name)) {
    throw badArgument(
      `model name '${name}': must start with a letter or digit and contain only letters, digits, '-', '_' and '.'.`,
    );
  }
  return name;
}
