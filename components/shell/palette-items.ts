/** A place the command palette can go to. */
export type PaletteItem = { label: string; hint: string; href: string };

/** The app page's tabs, in the order of the tab bar (app/(dashboard)/apps/[name]/layout.tsx). */
export const APP_TABS = [
  { slug: '', label: 'Overview' },
  { slug: 'deploys', label: 'Deploys' },
  { slug: 'logs', label: 'Logs' },
  { slug: 'console', label: 'Console' },
  { slug: 'metrics', label: 'Metrics' },
  { slug: 'env', label: 'Env' },
  { slug: 'addons', label: 'Add-ons' },
  { slug: 'domains', label: 'Domains' },
  { slug: 'settings', label: 'Settings' },
] as const;

/** Every page and every tab of every app, for the palette. */
export function paletteItems(pages: Array<{ href: string; label: string }>, apps: Array<{ name: string; status: string }>): PaletteItem[] {
  const items: PaletteItem[] = pages.map((p) => ({ label: p.label, hint: 'Page', href: p.href }));
  for (const app of apps) {
    const base = `/apps/${encodeURIComponent(app.name)}`;
    for (const tab of APP_TABS) {
      items.push({
        label: tab.slug ? `${app.name} › ${tab.label}` : app.name,
        hint: tab.slug ? 'App tab' : `App · ${app.status}`,
        href: tab.slug ? `${base}/${tab.slug}` : base,
      });
    }
  }
  return items;
}

/** Items whose label contains every word of the query (any case), apps before their tabs. */
export function matchItems(items: PaletteItem[], query: string, limit = 50): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((item) => words.every((w) => item.label.toLowerCase().includes(w))).slice(0, limit);
}
