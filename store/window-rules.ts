// The deployment windows and change freezes admins define, one durable collection the API writes and the worker's
// window check reads.
import { windowRuleSchema, type WindowRule } from '../domain/window-rules';
import { RecordFile } from './record-file';

export function windowRulesFile(storeDir: string): RecordFile<WindowRule> {
  return new RecordFile(storeDir, 'window-rules', windowRuleSchema);
}
