// Reference encoder for the exactness tests: the npm package tiktoken@1.0.22 (OpenAI's Rust
// tiktoken compiled to wasm), installed by scripts/fetch-tokenizer-data.
//
// Usage: node encode.mjs ENCODING IN.jsonl OUT.jsonl
//   IN.jsonl:  one JSON string per line (the text to encode)
//   OUT.jsonl: one JSON array of token ids per line, same order, from encode_ordinary
// The package is looked up in $WINNOW_DATA_DIR/node (default <repo>/.cache/tokenizer/node).
// Exits non-zero with a message naming what is missing if the package cannot be loaded.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const dataDir = process.env.WINNOW_DATA_DIR || join(repoRoot, '.cache/tokenizer');
const nodeDir = join(dataDir, 'node');

const [encodingName, inPath, outPath] = process.argv.slice(2);
if (!encodingName || !inPath || !outPath) {
  console.error('usage: node encode.mjs ENCODING IN.jsonl OUT.jsonl');
  process.exit(2);
}
const pkgJson = join(nodeDir, 'node_modules/tiktoken/package.json');
if (!existsSync(pkgJson)) {
  console.error(`encode.mjs: the reference package tiktoken is not installed in ${nodeDir}; ` +
                'run scripts/fetch-tokenizer-data');
  process.exit(3);
}
const require = createRequire(join(nodeDir, 'package.json'));
const { get_encoding } = require('tiktoken');
const version = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
if (version !== '1.0.22') {
  console.error(`encode.mjs: expected tiktoken 1.0.22 in ${nodeDir}, found ${version}`);
  process.exit(3);
}

const enc = get_encoding(encodingName);
const lines = readFileSync(inPath, 'utf8').split('\n').filter((l) => l.length > 0);
const out = [];
for (const line of lines) {
  const text = JSON.parse(line);
  out.push(JSON.stringify(Array.from(enc.encode_ordinary(text))));
}
enc.free();
writeFileSync(outPath, out.join('\n') + (out.length ? '\n' : ''));
