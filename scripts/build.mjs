// Bundles the CLI and the cluster worker into dist/, so `npx zdd-learn`
// installs one small package instead of a hundred.
import {rmSync, writeFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {common} from './esbuild-common.mjs';

// Chunk names carry hashes: without a clean start, old chunks would ship too.
rmSync('dist', {recursive: true, force: true});
rmSync('build', {recursive: true, force: true});

// What reads lesson and exercise files with zod, in a bundle of its own, loaded only for --lessons-dir.
// The shipped files are validated with it now: a broken one fails the build (its file, field and what
// was expected), and dist/shipped.json carries them, so the CLI starts without zod or reading them.
await build({...common, minify: true, entryPoints: {'lessons-dir': 'source/cli/loaders.ts'}, outdir: 'dist'});
try {
	const {readShipped} = await import(pathToFileURL('dist/lessons-dir.js').href);
	writeFileSync('dist/shipped.json', JSON.stringify(await readShipped()));
} catch (error) {
	console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
	rmSync('dist', {recursive: true, force: true});
	process.exit(1);
}

// Split into chunks: the entry loads only meow (and not even that with no arguments), so --help and
// --version answer fast, and Express loads only when a lesson starts its servers.
await build({
	...common,
	define: {...common.define, ZDD_BUNDLED: 'true'},
	minify: true,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	entryPoints: {cli: 'source/cli.tsx', 'cluster-worker': 'source/engine/backends/worker-main.ts'},
	outdir: 'dist',
});

// Loaded into a learner's app by `zdd-learn verify` (NODE_OPTIONS=--require): CommonJS, so it also
// reaches apps started through npm and ES module apps; no banner (it needs no require shim).
await build({
	...common,
	format: 'cjs',
	banner: {},
	minify: true,
	entryPoints: {'app-preload': 'source/engine/backends/app-preload.cts'},
	outdir: 'dist',
	outExtension: {'.js': '.cjs'},
});

// Express, once: the engine and the cluster worker load it (loadExpress), and so does an exercise's
// require('express') when its folder has none of its own (see app-preload).
await build({
	...common,
	format: 'cjs',
	banner: {},
	minify: true,
	stdin: {contents: "module.exports = require('express');", resolveDir: process.cwd(), loader: 'js'},
	outfile: 'dist/express.cjs',
});

// The engine alone, for tests that run it in a subprocess; not shipped.
await build({...common, entryPoints: {engine: 'source/engine/index.ts'}, outdir: 'build'});
