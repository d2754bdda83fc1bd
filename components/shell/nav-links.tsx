'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export type NavLink = { href: string; label: string };

/** The main links as list items, the current section marked; `linkClass(active)` styles each. */
export function NavLinkItems({ links, linkClass }: { links: NavLink[]; linkClass: (active: boolean) => string }) {
  const pathname = usePathname();
  return links.map((link) => {
    const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
    return (
      <li key={link.href}>
        <Link href={link.href} aria-current={active ? 'page' : undefined} className={linkClass(active)}>
          {link.label}
        </Link>
      </li>
    );
  });
}
