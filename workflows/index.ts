// Bundle entry for the worker: every workflow the service runs.
export { rolloutWorkflow } from './rollout';
export * from './plan-check';
export * from './scheduled-canary';
