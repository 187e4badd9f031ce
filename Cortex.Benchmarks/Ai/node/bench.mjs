// tiktoken (npm, WASM) on the same corpus as TokenizerCountBenchmarks: start-up, time per corpus
// pass (median of many), and the token totals to compare with SharpToken and Microsoft.ML.Tokenizers.
// usage: node bench.mjs [startup]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const started = performance.now();
const { encoding_for_model } = await import("tiktoken");
const enc = encoding_for_model("gpt-4o-mini");
const first = enc.encode("hello world").length;
const startupMs = performance.now() - started;
if (process.argv[2] === "startup") {
  console.log(`tiktoken-npm ${startupMs.toFixed(1)} ms (count ${first})`);
  process.exit(0);
}

const corpusDir = new URL("../corpus/", import.meta.url);
for (const name of ["english", "multilingual"]) {
  const lines = readFileSync(new URL(name + ".txt", corpusDir), "utf8").split("\n").filter((l) => l.length > 0);
  const count = () => lines.reduce((sum, line) => sum + enc.encode(line).length, 0);
  const total = count();
  for (let i = 0; i < 200; i++) count(); // warm-up, as BenchmarkDotNet does
  const samples = [];
  for (let i = 0; i < 301; i++) {
    const t0 = performance.now();
    count();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] * 1000;
  console.log(`${name}: ${lines.length} messages, ${total} tokens, median ${median.toFixed(1)} us per corpus pass`);
}
enc.free();
