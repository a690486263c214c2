/** Prints which Node runs the project's scripts: the node@24 devDependency, not the machine's Node. */
const what = process.argv[2] ?? 'run';
process.stderr.write(`Comptoir ${what} on Node ${process.version}\n`);
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(
    `Expected Node 24 (the project's node@24 devDependency); got ${process.version}. Run through npm scripts.\n`,
  );
  process.exit(1);
}
