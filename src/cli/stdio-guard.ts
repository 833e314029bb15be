// Keeps `rca ... | head` quiet: a reader that closes the pipe early is normal in a terminal,
// so EPIPE on stdout or stderr ends the output instead of crashing with a stack trace.

export function ignoreBrokenPipes(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}
