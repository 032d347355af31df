// Bundles the CLI and the cluster worker into dist/: dependencies inlined,
// React in production mode, Ink's optional devtools left out. `npx zdd-learn`
// then installs one small package instead of a hundred.
import {build} from 'esbuild';

const stubDevtools = {
	name: 'stub-ink-devtools',
	setup(builder) {
		// Ink loads its devtools only when DEV=true, and they need react-devtools-core.
		builder.onResolve({filter: /^\.\/devtools\.js$/}, args =>
			args.importer.includes(`${'node_modules'}/ink/`) ? {path: 'ink-devtools', namespace: 'stub'} : undefined,
		);
		builder.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export {};', loader: 'js'}));
	},
};

const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies (Express) call require(); an ES module has none of its own.
	banner: {js: "import {createRequire as __zddRequire} from 'node:module'; const require = __zddRequire(import.meta.url);"},
	plugins: [stubDevtools],
	legalComments: 'none',
	minify: true,
	logLevel: 'warning',
};

// Split into chunks: the CLI entry loads only meow, so --help and --version answer fast.
await build({
	...common,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	entryPoints: {cli: 'source/cli.tsx', 'cluster-worker': 'source/engine/cluster-worker.ts'},
	outdir: 'dist',
});

// The engine alone, for tests that run it in a subprocess; not shipped.
await build({...common, minify: false, entryPoints: {engine: 'source/engine/index.ts'}, outdir: 'build'});
