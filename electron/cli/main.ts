import { trapInterrupts } from './interrupt';
import { runCli } from './run';

// The `mirrorkit` executable. Exit through process.exitCode so pending output is flushed first; after an
// interrupt, exit at once: a tool check given up may still be running and must not keep the process alive.
const trap = trapInterrupts();
void runCli(process.argv.slice(2), { signal: trap.signal }).then((code) => {
  const interrupted = trap.exitCode();
  if (interrupted !== undefined) process.exit(interrupted);
  process.exitCode = code;
});
