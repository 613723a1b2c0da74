/** Import first, then load the benches with dynamic imports: see shared-source-hooks.mjs. */
import { register } from 'node:module';

register('./shared-source-hooks.mjs', import.meta.url);
