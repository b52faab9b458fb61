// POST /plans/validate: a dry run. Schema problems are a 400; live-endpoint problems come back in a 200 with the
// timeline and where deployment windows would hold it, since nothing was asked to change.
import { Router, type Request, type Response } from 'express';
import { buildTimeline } from '../../domain/timeline';
import { forecastWindows } from '../../domain/window-forecast';
import { windowRulesFile } from '../../store/window-rules';
import { requireAction } from '../auth';
import { parsePlanBody } from '../body';
import type { RouteContext } from '../context';

type WindowRules = ReturnType<typeof windowRulesFile>;
import { parsePlan, targetOf } from '../targets';

export function plansRouter(ctx: RouteContext): Router {
  const rules = windowRulesFile(ctx.config.storeDir);
  const router = Router();
  router.post('/plans/validate', requireAction('read'), parsePlanBody(ctx.config.bodyLimit), (req, res) =>
    validatePlan(ctx, rules, req, res),
  );
  return router;
}

async function validatePlan(ctx: RouteContext, rules: WindowRules, req: Request, res: Response) {
  const plan = parsePlan(req.body);
  const target = targetOf(plan, ctx.config.defaults);
  const check = await ctx.gateway.checkPlan(target, plan);
  const names = { baseline: check.baseline || '(baseline)', candidate: check.candidateName || '(candidate)' };
  const timeline = buildTimeline(plan, names, check.endpoint?.traffic, check.capacity);
  const windows = forecastWindows(timeline.steps, [...(await rules.all()).values()], target, Date.now());
  res.json({
    valid: check.problems.length === 0,
    problems: check.problems,
    warnings: check.warnings ?? [],
    target,
    baseline: check.baseline,
    candidate: check.candidateName,
    model: check.model,
    endpoint: {
      traffic: check.endpoint?.traffic,
      mirrorTraffic: check.endpoint?.mirrorTraffic,
      computeType: check.endpoint?.computeType,
    },
    plan,
    timeline,
    windows,
  });
}
