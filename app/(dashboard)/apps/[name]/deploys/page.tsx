// PLACEHOLDER (created by OPS so the tab link works) — DEPLOYS replaces this page.
export default function Placeholder() {
  return <p className="text-sm text-slate-500">Coming soon.</p>;
}
