// Times the official MJML compiler on the files named on the command line.
// Usage: node time.js RUNS WARM_MS FILE...
// Prints one JSON line: {"FILE": {"fresh": [ms, ...], "warm": [ms, ...]}, ...}.
//
// "fresh": RUNS compiles right after the process's first one, as a short-lived Node
// process sees them (what this bench timed before 2026-12-07, 18:00; V8 is still
// compiling MJML's code then, and the times fall by about half over the first ~40).
// "warm": RUNS compiles after the file was compiled for at least WARM_MS milliseconds
// and at least 20 times more: MJML as a long-running process (a server, a watcher) runs
// it, and as Mailwright is timed (Python has no JIT: its second compile is its steady
// state). Each time is one await of mjml(source).
const fs = require("fs");
const mjml = require("mjml");

const OPTIONS = { validationLevel: "soft" };

async function timed(source, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await mjml(source, OPTIONS);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

async function main() {
  const [runsArg, warmArg, ...files] = process.argv.slice(2);
  const runs = Number(runsArg);
  const warmMs = Number(warmArg);
  const out = {};
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const first = await mjml(source, OPTIONS);
    if (first.errors && first.errors.length) {
      process.stderr.write(`${file}: ${JSON.stringify(first.errors.slice(0, 3))}\n`);
    }
    const fresh = await timed(source, runs);
    const start = Date.now();
    for (let n = 0; n < 20 || Date.now() - start < warmMs; n++) {
      await mjml(source, OPTIONS);
    }
    out[file] = { fresh, warm: await timed(source, runs) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => { process.stderr.write(String(e) + "\n"); process.exit(1); });
