'use client';
import { useEffect, useState } from 'react';

/**
 * False during server rendering and until React has hydrated. Forms handled in JS disable their
 * submit button until then, so an early click cannot fall back to a native (GET) submit.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
