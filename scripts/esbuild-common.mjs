// Settings shared by the build and the bench: dependencies inlined, React in
// production mode, Ink's optional devtools left out.
export const stubInkDevtools = {
	name: 'stub-ink-devtools',
	setup(builder) {
		// Ink loads its devtools only when DEV=true, and they need react-devtools-core.
		builder.onResolve({filter: /^\.\/devtools\.js$/}, args =>
			args.importer.includes('node_modules/ink/') ? {path: 'ink-devtools', namespace: 'stub'} : undefined,
		);
		builder.onLoad({filter: /^ink-devtools$/, namespace: 'stub'}, () => ({contents: 'export {};', loader: 'js'}));
	},
};

/** Zod re-exports its error messages in some fifty languages; zdd-learn speaks English only. */
export const englishOnlyZod = {
	name: 'english-only-zod',
	setup(builder) {
		builder.onResolve({filter: /^\.\.\/locales\/index\.js$/}, args =>
			args.importer.includes('node_modules/zod/') ? {path: 'zod-locales', namespace: 'stub'} : undefined,
		);
		builder.onLoad({filter: /^zod-locales$/, namespace: 'stub'}, () => ({
			contents: "export {default as en} from 'zod/v4/locales/en.js';",
			resolveDir: process.cwd(),
			loader: 'js',
		}));
	},
};

/**
 * zdd-learn's own `import http from 'node:http'` becomes a require(): an ES module import of a
 * built-in reads every export, and on newer Node one of node:http's is a getter that loads the
 * whole of undici (about 10 ms at every start), which nothing here uses.
 */
export const requireHttp = {
	name: 'require-http',
	setup(builder) {
		builder.onResolve({filter: /^node:http$/}, args =>
			args.kind === 'import-statement' && args.importer.includes('/source/')
				? {path: 'node:http', namespace: 'require-builtin'}
				: undefined,
		);
		builder.onLoad({filter: /^node:http$/, namespace: 'require-builtin'}, () => ({
			contents: "export default require('node:http');",
			loader: 'js',
		}));
	},
};

export const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies (Express) call require(); an ES module has none of its own.
	banner: {js: "import {createRequire as __zddRequire} from 'node:module'; const require = __zddRequire(import.meta.url);"},
	plugins: [stubInkDevtools, englishOnlyZod, requireHttp],
	legalComments: 'none',
	logLevel: 'warning',
};
