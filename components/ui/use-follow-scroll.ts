'use client';
import { useEffect, useRef, type UIEvent } from 'react';

/**
 * Keeps a scrolling log box pinned to its newest line while the reader is at the bottom, and
 * leaves it alone once they scroll up to read. Re-pins whenever `changed` changes and `enabled`.
 */
export function useFollowScroll<T extends HTMLElement>(changed: unknown, enabled = true, slackPx = 32) {
  const ref = useRef<T>(null);
  const following = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && enabled && following.current) el.scrollTop = el.scrollHeight;
  }, [changed, enabled]);
  const onScroll = (event: UIEvent<T>) => {
    const el = event.currentTarget;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight < slackPx;
  };
  return { ref, onScroll };
}
