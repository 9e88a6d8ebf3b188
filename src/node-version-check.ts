/**
 * Imported first by the service and the CLI, before any native module: under an older Node the
 * first failure would otherwise be better-sqlite3's NODE_MODULE_VERSION error, which says nothing
 * a user can act on.
 */
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `policy-timeline: Node ${REQUIRED_MAJOR} or later is required; this is Node ${process.versions.node} (${process.execPath}).\n`,
  );
  process.exit(1);
}
