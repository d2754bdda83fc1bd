// Placeholder: replaced by the apps work (list + New app dialog).
export default function AppsPage() {
  return <h1 className="text-2xl font-semibold">Apps</h1>;
}
