import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The package's root: the nearest folder up from this module with a package.json and a lessons/ folder. */
function packageRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'lessons'))) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('cannot find the lessons folder of zdd-learn');
		dir = parent;
	}
}

/** The package's own folder (whether this runs bundled or from source). */
export const packageDir = packageRoot();

/** The lessons shipped with the package. */
export const bundledLessonsDir = path.join(packageDir, 'lessons');

/** The exercises shipped with the package, beside the lessons. */
export const bundledExercisesDir = path.join(path.dirname(bundledLessonsDir), 'exercises');
