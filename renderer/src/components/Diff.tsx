import { diffLines } from '../wizard/logic';

/** A unified diff, coloured by line; the +/- signs stay so the meaning never depends on colour alone. */
export function Diff({ diff, label }: { diff: string; label: string }) {
  const lines = diffLines(diff);
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {lines.map((l, i) => (
        <span key={i} className={`diff-${l.kind}`}>
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
