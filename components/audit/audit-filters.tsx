import Link from 'next/link';
import { buttonClasses, Input, Label, Select } from '@/components/ui';

export type AuditFilterValues = { app?: string; actor?: string; action?: string; from?: string; to?: string; people?: string };

/**
 * The audit log's filters as a plain GET form: works without JavaScript, and the URL is the state
 * (shareable, back button). Options come from the page (what the log holds).
 */
export function AuditFilters({
  values,
  options,
}: {
  values: AuditFilterValues;
  options: { apps: string[]; actors: string[]; actions: string[] };
}) {
  return (
    <form method="get" action="/audit" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter the audit log" data-testid="audit-filters">
      <div className="space-y-1">
        <Label htmlFor="audit-app">App</Label>
        <Input id="audit-app" name="app" list="audit-apps" defaultValue={values.app ?? ''} placeholder="any app" autoComplete="off" />
        <datalist id="audit-apps">
          {options.apps.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-actor">Who</Label>
        <Select id="audit-actor" name="actor" defaultValue={values.actor ?? ''}>
          <option value="">anyone</option>
          <option value="system">system (no person)</option>
          {options.actors.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-action">Action</Label>
        <Select id="audit-action" name="action" defaultValue={values.action ?? ''}>
          <option value="">any action</option>
          {groups(options.actions).map((g) => (
            <optgroup key={g.prefix} label={g.prefix}>
              <option value={g.prefix}>{g.prefix}.* (all)</option>
              {g.kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-from">From (UTC)</Label>
        <Input id="audit-from" name="from" type="date" defaultValue={values.from ?? ''} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="audit-to">To (UTC)</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={values.to ?? ''} />
      </div>
      <div className="col-span-2 flex flex-wrap items-end gap-3 sm:col-span-3 lg:col-span-1 lg:flex-col lg:items-start lg:gap-1">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="people" value="1" defaultChecked={values.people === '1'} className="h-4 w-4 rounded border-slate-300" />
          Only people
        </label>
        <div className="flex gap-2">
          <button type="submit" className={buttonClasses('primary', 'sm')}>
            Apply
          </button>
          <Link href="/audit" className={buttonClasses('ghost', 'sm')}>
            Reset
          </Link>
        </div>
      </div>
    </form>
  );
}

/** "deploy.live", "deploy.failed", "app.create" → deploy: [deploy.failed, deploy.live], app: [app.create]. */
function groups(kinds: string[]): { prefix: string; kinds: string[] }[] {
  const byPrefix = new Map<string, string[]>();
  for (const kind of kinds) {
    const prefix = kind.split('.')[0];
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), kind]);
  }
  return [...byPrefix.entries()].map(([prefix, list]) => ({ prefix, kinds: list }));
}
