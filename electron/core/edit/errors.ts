import { MirrorKitError } from '../errors';

/**
 * A config file the editors cannot read the way its tool does. The file is never half-edited: the editor
 * throws before producing any text. `reason` is short, English-technical (it names parser errors and lines)
 * and is shown inside the translated sentence 'error.malformed-config'.
 */
export class EditError extends MirrorKitError {
  readonly format: string;
  readonly reason: string;
  readonly line: number | undefined;

  constructor(format: string, reason: string, line?: number, path?: string) {
    const params: Record<string, string | number> = { format, reason };
    if (line !== undefined) params.line = line;
    if (path !== undefined) params.path = path;
    super('error.malformed-config', params);
    this.name = 'EditError';
    this.format = format;
    this.reason = reason;
    this.line = line;
  }
}

/** Shorthand for the common case: a reason that starts with its line number. */
export function editErrorAt(format: string, line: number, what: string): EditError {
  return new EditError(format, `line ${line}: ${what}`, line);
}

/**
 * Attach the file path to an error from the editors, which only ever see text. Anything that is not a
 * MirrorKitError is a bug and is returned unchanged so it is reported as one.
 */
export function withPath(err: unknown, path: string): unknown {
  if (err instanceof EditError) return new EditError(err.format, err.reason, err.line, path);
  if (err instanceof MirrorKitError) return new MirrorKitError(err.code, { ...err.params, path }, err.exit);
  return err;
}
