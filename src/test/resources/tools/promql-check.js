// Parses PromQL with @prometheus-io/lezer-promql, the grammar Prometheus' own UI uses.
// stdin: a JSON array of expressions (template variables already substituted).
// stdout: a JSON array, one entry per expression: {"errors": [...], "metrics": [...]}; exit code 1 if any has an error.
// lezer recovers from syntax errors by inserting error nodes (⚠) into the tree, so any error node is a syntax error.
// It does not type-check; the one type rule that bites dashboards is checked here: rate() and friends take a range vector.
// NODE_PATH points at the node_modules that holds the parser (.ci/run installs it under .ci/node).
const { parser } = require('@prometheus-io/lezer-promql');

const RANGE_FUNCTIONS = new Set(['Rate', 'Irate', 'Increase', 'Delta', 'Idelta', 'Deriv', 'Changes', 'Resets',
  'AvgOverTime', 'MaxOverTime', 'MinOverTime', 'SumOverTime', 'CountOverTime', 'QuantileOverTime', 'LastOverTime']);

function check(expr) {
  const errors = [];
  const metrics = new Set();
  const tree = parser.parse(expr);
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) {
      errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.from))} ⚠ ${JSON.stringify(expr.slice(node.from, node.from + 20))}`);
    } else if (node.name === 'Identifier' && node.parent && node.parent.name === 'VectorSelector') {
      metrics.add(expr.slice(node.from, node.to));
    } else if (node.name === 'FunctionCall') {
      const id = node.getChild('FunctionIdentifier');
      const fn = id && id.firstChild ? id.firstChild.name : '';
      const body = node.getChild('FunctionCallBody');
      const args = [];
      for (let c = body ? body.firstChild : null; c; c = c.nextSibling) {
        if (!c.type.isError && c.name !== '(' && c.name !== ')' && c.name !== ',') args.push(c);
      }
      const last = args[args.length - 1];
      if (RANGE_FUNCTIONS.has(fn) && last && last.name !== 'MatrixSelector' && last.name !== 'SubqueryExpr') {
        errors.push(`${expr.slice(id.from, id.to)}() needs a range vector, got ${last.name}: ${expr.slice(last.from, last.to)}`);
      }
    }
  } while (cursor.next());
  if (expr.trim() === '') errors.push('empty expression');
  return { errors, metrics: [...metrics].sort() };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(check);
  process.stdout.write(JSON.stringify(results));
  process.exit(results.some((r) => r.errors.length > 0) ? 1 : 0);
});
