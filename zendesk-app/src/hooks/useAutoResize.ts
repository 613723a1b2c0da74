import { useEffect, type RefObject } from 'react';
import type { ZafClient } from '../zaf/zaf-client';

/** Keeps the iframe as tall as its content (`client.invoke('resize')`), without a scrollbar inside the sidebar. */
export function useAutoResize(client: ZafClient, ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    let last = -1;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(element.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        void client.invoke('resize', { width: '100%', height: `${height}px` });
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [client, ref]);
}
