// Bundle entry for the worker: every workflow the service runs.
export { rolloutWorkflow } from './rollout';
