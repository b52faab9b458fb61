// Azure Monitor's metric $filter: `dim eq 'v'`, `dim ne 'v'`, `dim eq '*'`, with and / or and parentheses.
import { badRequest } from './errors';

export type FilterExpr =
  | { kind: 'cmp'; dimension: string; op: 'eq' | 'ne'; value: string }
  | { kind: 'and'; items: FilterExpr[] }
  | { kind: 'or'; items: FilterExpr[] };

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'paren'; text: '(' | ')' };

/** Parses and checks the filter; dimension names are lower-cased. Throws a 400 MetricsError naming the problem. */
export function parseFilter(text: string): FilterExpr {
  const tokens = tokenize(text);
  let pos = 0;
  const peekWord = (w: string): boolean => tokens[pos]?.kind === 'word' && tokens[pos].text.toLowerCase() === w;
  const fail = (what: string): never => {
    throw badRequest(`Invalid filter "${text}": ${what}.`);
  };
  // Azure's grammar binds `or` tighter than `and`: "A eq 'a' and B eq 'b1' or B eq 'b2'" is A and (B1 or B2).
  // Items joined by one connective; a single item stands for itself.
  const parseJoined = (word: 'and' | 'or', parseItem: () => FilterExpr): FilterExpr => {
    const items = [parseItem()];
    while (peekWord(word)) {
      pos++;
      items.push(parseItem());
    }
    return items.length === 1 ? items[0] : { kind: word, items };
  };
  const parseAnd = (): FilterExpr => parseJoined('and', parseOr);
  const parseOr = (): FilterExpr => parseJoined('or', parsePrimary);
  const parsePrimary = (): FilterExpr => {
    const t = tokens[pos++];
    if (t?.kind === 'paren' && t.text === '(') {
      const inner = parseAnd();
      if (tokens[pos++]?.text !== ')') fail('missing ")"');
      return inner;
    }
    if (t?.kind !== 'word') return fail(`expected a dimension name at token ${pos}`);
    const op = tokens[pos++];
    const opText = op?.kind === 'word' ? op.text.toLowerCase() : '';
    if (opText !== 'eq' && opText !== 'ne') fail(`operator after "${t.text}" must be eq or ne`);
    const value = tokens[pos++];
    if (value?.kind !== 'string') return fail(`value after "${t.text} ${opText}" must be a quoted string`);
    if (value.text === '*' && opText !== 'eq') fail(`'*' can only be used with eq`);
    return { kind: 'cmp', dimension: t.text.toLowerCase(), op: opText as 'eq' | 'ne', value: value.text };
  };
  const expr = parseAnd();
  if (pos < tokens.length) fail(`unexpected "${tokens[pos].text}"`);
  checkOrSameDimension(expr, text);
  return expr;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|'((?:[^']|'')*)'|([A-Za-z0-9_./-]+))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[1]) tokens.push({ kind: 'paren', text: '(' });
    else if (m[2]) tokens.push({ kind: 'paren', text: ')' });
    else if (m[3] !== undefined) tokens.push({ kind: 'string', text: m[3].replace(/''/g, "'") });
    else tokens.push({ kind: 'word', text: m[4] });
  }
  if (text.slice(re.lastIndex).trim() !== '')
    throw badRequest(`Invalid filter "${text}": cannot read "${text.slice(re.lastIndex).trim()}".`);
  return tokens;
}

/** Azure allows `or` only between values of one dimension. */
function checkOrSameDimension(expr: FilterExpr, text: string): void {
  if (expr.kind === 'cmp') return;
  if (expr.kind === 'or' && new Set(filterDimensions(expr)).size > 1) {
    throw badRequest(`Invalid filter "${text}": 'or' can only combine values of the same dimension.`);
  }
  expr.items.forEach((item) => checkOrSameDimension(item, text));
}

/** Lower-cased dimensions named by the filter, in order of first appearance: the series are split by these. */
export function filterDimensions(expr: FilterExpr): string[] {
  if (expr.kind === 'cmp') return [expr.dimension];
  return [...new Set(expr.items.flatMap(filterDimensions))];
}

/** Whether dimension values (lower-cased names) satisfy the filter; values compare case-insensitively. */
export function matchesFilter(expr: FilterExpr, values: Record<string, string>): boolean {
  switch (expr.kind) {
    case 'cmp': {
      if (expr.value === '*') return true;
      const equal = (values[expr.dimension] ?? '').toLowerCase() === expr.value.toLowerCase();
      return expr.op === 'eq' ? equal : !equal;
    }
    case 'and':
      return expr.items.every((item) => matchesFilter(item, values));
    case 'or':
      return expr.items.some((item) => matchesFilter(item, values));
  }
}

/** Per dimension, the concrete values named with eq, or undefined if any '*' or ne makes the set open-ended. */
export function namedValues(expr: FilterExpr): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  const visit = (e: FilterExpr): boolean => {
    if (e.kind !== 'cmp') return e.items.every(visit);
    if (e.op !== 'eq' || e.value === '*') return false;
    const values = (out[e.dimension] ??= []);
    if (!values.includes(e.value)) values.push(e.value);
    return true;
  };
  return visit(expr) ? out : undefined;
}
