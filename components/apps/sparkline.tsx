/**
 * A tiny line chart (inline SVG, no axes) of equally spaced values; the label says what it shows.
 * `data-active` counts the points above zero (minutes with traffic), for tests and tooling.
 */
export function Sparkline({ values, label, className, testId }: { values: number[]; label: string; className?: string; testId?: string }) {
  const width = 96;
  const height = 24;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`).join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className={className}
      preserveAspectRatio="none"
      data-testid={testId}
      data-active={values.filter((v) => v > 0).length}
    >
      <title>{label}</title>
      {values.length > 0 && <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />}
    </svg>
  );
}
