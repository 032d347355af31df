import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/**
 * A file the build writes beside the CLI's entry (dist/cluster-worker.js,
 * dist/app-preload.cjs): found from the chunk this code is bundled into
 * (dist/chunks/), from dist/ itself, or, when the sources run (the tests),
 * in the build.
 */
export function builtFile(name: string): string {
	const candidates = [name, `../${name}`, `../../../dist/${name}`];
	const found = candidates.map(file => fileURLToPath(new URL(file, import.meta.url))).find(file => existsSync(file));
	return found ?? fileURLToPath(new URL(name, import.meta.url));
}
