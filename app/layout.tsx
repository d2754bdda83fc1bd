import type { Metadata, Viewport } from 'next';
import { NavigationProgress } from '@/components/shell/navigation-progress';
import './globals.css';

// Every page sets its own full title ("Apps · Berth", "shop · Deploys · Berth"); this is the fallback.
export const metadata: Metadata = { title: 'Berth', description: 'Self-hosted app platform' };
// Light and dark follow the system setting (app/globals.css); the browser UI matches the page.
export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f8fafc' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <NavigationProgress />
        {children}
      </body>
    </html>
  );
}
