/**
 * `npm run bench [-- <names>] [-- --quick] [-- --pg]`: the domain-core benches (index.ts), then the service ones.
 * Names: domain, throughput, batch, reminders, soak, requests, render (default: all). `--quick` shortens the runs; `--pg` runs the
 * throughput and batch benches on PostgreSQL instead of PGlite (reminders always use PostgreSQL).
 */
import './use-shared-source.js';

const args = process.argv.slice(2);
const NAMES = ['domain', 'throughput', 'batch', 'reminders', 'soak', 'requests', 'render'];
const FLAGS = ['--quick', '--pg'];
// Refuse what it does not know: a mistyped name or flag would otherwise start every bench (minutes of load).
const unknown = args.filter((a) => (a.startsWith('--') ? !FLAGS.includes(a) : !NAMES.includes(a)));
if (unknown.length > 0) {
  console.error(`unknown argument(s) ${unknown.join(' ')}; names: ${NAMES.join(' ')}; flags: ${FLAGS.join(' ')}`);
  process.exit(2);
}
const names = args.filter((a) => !a.startsWith('--'));
const want = (name: string) => names.length === 0 || names.includes(name);
const { benchOptions } = await import('./service-harness.js');
const options = benchOptions(args);
const verdicts: string[] = [];

if (want('domain')) await import('./index.js');
if (want('throughput')) {
  const { serviceThroughput } = await import('./service-throughput.js');
  verdicts.push(`throughput: ${(await serviceThroughput(options)).ok ? 'met' : 'MISSED'}`);
}
if (want('batch')) {
  const { batchAssessment } = await import('./batch.js');
  verdicts.push(`batch: ${(await batchAssessment(options)).ok ? 'met' : 'MISSED'}`);
}
if (want('reminders')) {
  const { remindersBench } = await import('./reminders.js');
  verdicts.push(`reminders: ${(await remindersBench(options)).ok ? 'met' : 'MISSED'}`);
}
if (want('soak')) {
  const { soak } = await import('./soak.js');
  verdicts.push(`soak: ${(await soak(options)).ok ? 'met' : 'MISSED'}`);
}
if (want('requests')) {
  const { requestEconomy } = await import('./request-economy.js');
  verdicts.push(`requests: ${(await requestEconomy()).ok ? 'met' : 'MISSED'}`);
}
if (want('render')) {
  const { appRender } = await import('./app-render.js');
  verdicts.push(`render: ${(await appRender(options)).ok ? 'met' : 'MISSED'}`);
}
if (verdicts.length > 0) console.log(`\nbudgets: ${verdicts.join(', ')}`);
