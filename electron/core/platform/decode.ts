/**
 * Decode a child process's output. Tools print UTF-8 on Linux and macOS; on a Chinese Windows console they
 * may print in the ANSI code page (GBK), which the Windows work refines (issue 4).
 */
export function decodeOutput(buf: Buffer): string {
  return buf.toString('utf8');
}
