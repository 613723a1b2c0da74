import { useEffect, useState } from 'react';
import { loadEngine, type Engine } from '../domain/loaders';

/** The shared engine once its chunk has loaded (null until then: callers show what the assessment says). */
export function useEngine(): Engine | null {
  const [engine, setEngine] = useState<Engine | null>(null);
  useEffect(() => {
    let live = true;
    void loadEngine().then((loaded) => live && setEngine(() => loaded));
    return () => {
      live = false;
    };
  }, []);
  return engine;
}
