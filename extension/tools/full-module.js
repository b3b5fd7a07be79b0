// The full wasm module as the tool pages use it: each page or worker that imports this gets its
// own instance (a worker has a module graph of its own), wrapped in a `WasmModule` so that a trap
// fails the one list, DMARC file or warm-up plan being read, and the next one runs on a fresh
// instance of the compiled module (ARCHITECTURE.md, "extension/").

import init, { reinstantiate } from '../pkg/mailhint_full.js';
import { WasmModule } from '../lib/wasm-module.js';

export const full = new WasmModule(
  'full',
  () => init(),
  () => {
    full.loading = Promise.resolve(reinstantiate());
  },
);
