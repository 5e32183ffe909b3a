// Prints {"<file>": <its HCL as JSON>, ...} for every file given, using @cdktf/hcl2json (no Terraform needed).
// NODE_PATH points at the node_modules that holds it (.ci/run installs it under .ci/node).
const { parse } = require('@cdktf/hcl2json');
const fs = require('fs');
(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    out[file] = await parse(file, fs.readFileSync(file, 'utf8'));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(1); });
