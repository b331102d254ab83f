#!/usr/bin/env node
// The `aircounter` command (see `aircounter help`). Installed from the npm
// package it runs the compiled `dist/cli/aircounter.js` with plain Node. In the
// workspace it runs from source on Node 24: workspace packages resolve to their
// TypeScript sources through the `source` export condition, which this
// launcher adds (only then) so that a plain `node server/src/cli/aircounter.ts …`
// works without extra flags.
import { registerHooks } from 'node:module';

if (import.meta.url.endsWith('.ts')) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const conditions = context.conditions.includes('source') ? context.conditions : [...context.conditions, 'source'];
      return nextResolve(specifier, { ...context, conditions });
    },
  });
}

const { runCli } = await import('./commands.ts');
process.exitCode = await runCli(process.argv.slice(2), { env: process.env, out: process.stdout, err: process.stderr });
