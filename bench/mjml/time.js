// Times the official MJML compiler on the files named on the command line.
// Usage: node time.js RUNS FILE...   Prints one JSON line: {"FILE": [ms, ...], ...}.
// One warm-up compile per file first; each time is one await of mjml(source).
const fs = require("fs");
const mjml = require("mjml");

async function main() {
  const [runs, ...files] = process.argv.slice(2);
  const out = {};
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    const first = await mjml(source, { validationLevel: "soft" });
    if (first.errors && first.errors.length) {
      process.stderr.write(`${file}: ${JSON.stringify(first.errors.slice(0, 3))}\n`);
    }
    const times = [];
    for (let i = 0; i < Number(runs); i++) {
      const t0 = process.hrtime.bigint();
      await mjml(source, { validationLevel: "soft" });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    out[file] = times;
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => { process.stderr.write(String(e) + "\n"); process.exit(1); });
