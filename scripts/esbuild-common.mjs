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

export const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	// CommonJS dependencies (Express) call require(); an ES module has none of its own.
	banner: {js: "import {createRequire as __zddRequire} from 'node:module'; const require = __zddRequire(import.meta.url);"},
	plugins: [stubInkDevtools, englishOnlyZod],
	legalComments: 'none',
	logLevel: 'warning',
};
