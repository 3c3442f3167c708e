import { EditError } from './errors';

/**
 * One rule for a UTF-8 byte-order mark, per format, by what the tool itself does with it (checked against the
 * real tools): npm's ini, cargo's TOML and dockerd ≥ 23 skip it, so it is accepted and kept byte for byte; pip's
 * configparser, apt (`Type '\ufeffdeb' is not known`) and Go (the first key is read as `\ufeffGOPROXY` and
 * ignored) cannot read it, so the file is refused, with this same message, and left untouched.
 */
export const BOM = '\ufeff';

export function refuseBom(text: string, format: string, tool: string): void {
  if (text.startsWith(BOM)) {
    throw new EditError(
      format,
      `line 1: the file starts with a UTF-8 byte-order mark (BOM), which ${tool} cannot read; save it as UTF-8 without BOM`,
      1,
    );
  }
}
