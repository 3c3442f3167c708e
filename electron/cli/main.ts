import { runCli } from './run';

// The `mirrorkit` executable. Exit through process.exitCode so pending output is flushed first.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
