// Single-thread encoding throughput of the reference, npm tiktoken@1.0.22, on the same input as
// bench_tokenizer. Usage: node reference_bench.mjs ENCODING DOCS_FILE [REPEATS]
// Prints: ENCODING bytes=B tokens=T best_seconds=S mb_per_s=M wall_mb_per_s=W   (same meaning as
// bench_tokenizer: seconds are CPU time, process.cpuUsage() user + system, best of the repeats; W is
// the same from wall-clock time. Documents are converted to JS strings before timing starts, as a
// caller would hold them.) CPU time of the whole process includes V8's helper threads; on this
// workload (wasm, few allocations) it was within a few percent of wall time on an idle machine.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.WINNOW_DATA_DIR || join(resolve(here, '../..'), '.cache/tokenizer');
const require = createRequire(join(dataDir, 'node', 'package.json'));
const { get_encoding } = require('tiktoken');

const [name, file, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg || 3);
const buf = readFileSync(file);
const docs = [];
let bytes = 0;
for (let p = 0; p < buf.length;) {
  let e = buf.indexOf(0, p);
  if (e < 0) e = buf.length;
  if (e > p) { docs.push(buf.subarray(p, e).toString('utf8')); bytes += e - p; }
  p = e + 1;
}
const enc = get_encoding(name);
let best = Infinity, bestWall = Infinity, tokens = 0;
for (let r = 0; r < repeats; r++) {
  tokens = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const d of docs) tokens += enc.encode_ordinary(d).length;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  if (cpu < best) best = cpu;
  if (wall < bestWall) bestWall = wall;
}
enc.free();
console.log(`${name} bytes=${bytes} tokens=${tokens} best_seconds=${best.toFixed(4)} ` +
            `mb_per_s=${(bytes / best / 1e6).toFixed(2)} wall_mb_per_s=${(bytes / bestWall / 1e6).toFixed(2)}`);
