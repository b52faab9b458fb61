// ARM handlers of code and environment assets (`codes/{n}/versions/{v}`, `environments/{n}/versions/{v}`):
// containers and versions, GET, list and a synchronous PUT, as the 2022-10-01 API serves them. A version PUT
// creates its container when missing [emulator choice]; a version's content cannot change once created [Azure:
// asset versions are immutable], only its description and tags.
import { Router, type Request } from 'express';
import type { AssetContainerRecord } from '../types';
import type { ArmContext } from './context';
import { badArgument, notFound } from './errors';
import { nowIso } from './guards';
import { paginate } from './paging';
import { renderAssetVersion, renderContainer } from './render-assets';
import { assetContainerPutSchema, codeVersionPutSchema, environmentVersionPutSchema, parseBody } from './schemas';

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const IMMUTABLE_EXCEPT = ['description', 'tags', 'properties', 'isArchived'];

export interface AssetStoreScope {
  store(req: Request): Record<string, AssetContainerRecord> | undefined;
  path(req: Request): string;
}

export function assetsRouter(ctx: ArmContext, kind: 'codes' | 'environments', scope: AssetStoreScope): Router {
  const router = Router({ mergeParams: true });
  const label = kind === 'codes' ? 'Code' : 'Environment';
  const store = (req: Request) => {
    const found = scope.store(req);
    if (!found) throw badArgument(`${kind} cannot be stored here.`);
    return found;
  };
  const find = (req: Request, name: string) => {
    const all = store(req);
    return Object.hasOwn(all, name) ? all[name] : undefined;
  };
  const container = (req: Request) => {
    const found = find(req, String(req.params.name));
    if (!found) throw notFound(`${label} container '${req.params.name}'`);
    return found;
  };
  const ensure = (req: Request, name: string) =>
    find(req, name) ?? (store(req)[name] = { name, createdAt: nowIso(), tags: {}, versions: {} });

  router.get(`/${kind}`, (req, res) => {
    const all = Object.values(store(req)).map((c) => renderContainer(scope.path(req), kind, c));
    res.json(paginate(req, ctx, all));
  });
  router.get(`/${kind}/:name`, (req, res) => res.json(renderContainer(scope.path(req), kind, container(req))));
  router.put(`/${kind}/:name`, (req, res) => {
    const body = parseBody(assetContainerPutSchema, req.body);
    const name = checkName(kind, String(req.params.name));
    const existing = find(req, name);
    const c = ensure(req, name);
    c.description = body.properties?.description ?? c.description;
    c.tags = body.properties?.tags ?? c.tags;
    ctx.ws.changed();
    res.status(existing ? 200 : 201).json(renderContainer(scope.path(req), kind, c));
  });
  router.get(`/${kind}/:name/versions`, (req, res) => {
    const versions = Object.values(container(req).versions).map((v) => renderAssetVersion(scope.path(req), kind, v));
    res.json(paginate(req, ctx, versions));
  });
  router.get(`/${kind}/:name/versions/:version`, (req, res) => {
    const versions = container(req).versions;
    const version = String(req.params.version);
    if (!Object.hasOwn(versions, version)) throw notFound(`${label} version '${req.params.name}:${version}'`);
    res.json(renderAssetVersion(scope.path(req), kind, versions[version]));
  });
  router.put(`/${kind}/:name/versions/:version`, (req, res) => {
    const schema = kind === 'codes' ? codeVersionPutSchema : environmentVersionPutSchema;
    const properties = parseBody(schema, req.body).properties as Record<string, unknown>;
    const name = checkName(kind, String(req.params.name));
    const version = checkName(`${kind} version`, String(req.params.version));
    const c = ensure(req, name);
    const existing = Object.hasOwn(c.versions, version) ? c.versions[version] : undefined;
    if (existing) checkUnchanged(kind, name, version, existing.properties, properties);
    c.versions[version] = { name, version, createdAt: existing?.createdAt ?? nowIso(), properties };
    ctx.ws.changed();
    res.status(existing ? 200 : 201).json(renderAssetVersion(scope.path(req), kind, c.versions[version]));
  });
  return router;
}

function checkName(what: string, name: string): string {
  if (!ASSET_NAME.test(name)) {
    throw badArgument(
      `${what} '${name}': must start with a letter or digit and contain only letters, digits, '-', '_' and '.'.`,
    );
  }
  return name;
}

function checkUnchanged(
  kind: string,
  name: string,
  version: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !IMMUTABLE_EXCEPT.includes(k)));
  const changed = [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  if (changed.length > 0) {
    throw badArgument(
      `${kind} ${name}:${version}: ${changed.map((k) => `properties.${k}`).join(', ')} cannot change; ` +
        'asset versions are immutable, register a new version.',
    );
  }
}
