// Reads the body a custom model's scoring script takes in the emulator: `{"data": [[...], ...]}`, each row as many
// numbers as the model has weights, as Azure's sample `score.py` (`json.loads(raw_data)["data"]`) reads it.
import type { FeatureRow } from './features';
import { isObject, numericRow, type ParsedInput } from './mlflow-input';

export function parseScriptInput(body: unknown, width: number): ParsedInput {
  if (!isObject(body) || !Array.isArray(body.data)) {
    return { kind: 'invalid', message: 'The scoring script expects a JSON object {"data": [[...], ...]}.' };
  }
  const rows: FeatureRow[] = [];
  for (let r = 0; r < body.data.length; r++) {
    const raw: unknown = body.data[r];
    if (!Array.isArray(raw) || raw.length !== width) {
      return { kind: 'invalid', message: `"data[${r}]" must be an array of ${width} numbers.` };
    }
    const row = numericRow(raw, r);
    if (typeof row === 'string') return { kind: 'invalid', message: row };
    rows.push(row);
  }
  return { kind: 'ok', rows };
}
