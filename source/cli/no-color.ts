/**
 * NO_COLOR (no-color.org): a non-empty value turns colour off. Ink's chalk
 * does not read it, so it is mapped onto FORCE_COLOR=0 here, imported
 * first so that it runs before chalk looks at the environment.
 */
if (process.env['NO_COLOR'] && !process.env['FORCE_COLOR']) {
	process.env['FORCE_COLOR'] = '0';
}

export {};
