import {render} from 'ink-testing-library';
import {Lab} from '../source/engine/index.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import type {Exercise} from '../source/exercises/schema.js';
import type {Progress, ProgressStore} from '../source/progress/store.js';
import App, {type Screen} from '../source/ui/screens/App.js';
import {LifecycleRoot} from '../source/ui/Root.js';

export const lessons = await loadLessons(bundledLessonsDir);
export const keys = {
	right: '\u001B[C',
	left: '\u001B[D',
	up: '\u001B[A',
	down: '\u001B[B',
	enter: '\r',
	escape: '\u001B',
	end: '\u001B[F',
	home: '\u001B[H',
};

const open: Array<() => void> = [];

/** Unmounts every app and disposes every lab the tests started. */
export function cleanupApps(): void {
	for (const close of open.splice(0)) close();
}

/** The whole app over a real lab (fast slow requests), with helpers to wait for frames. */
export function renderApp(
	options: {
		initial?: Screen;
		progress?: Progress;
		store?: ProgressStore;
		seed?: number;
		lessons?: typeof lessons;
		port?: number;
		exercises?: readonly Exercise[];
		exerciseDir?: string;
	} = {},
) {
	const lab = new Lab({port: options.port ?? 0, rate: 200, keepAlive: false, slowMinMs: 300, slowMaxMs: 500, timeoutMs: 2000});
	const app = render(
		<LifecycleRoot>
			<App
				lab={lab}
				lessons={options.lessons ?? lessons}
				initial={options.initial}
				progress={options.progress}
				store={options.store}
				settings={{reducedMotion: true, seed: options.seed}}
				exercises={options.exercises}
				exerciseDir={options.exerciseDir}
			/>
		</LifecycleRoot>,
	);
	open.push(() => {
		app.unmount();
		lab.dispose();
	});
	const frame = () => app.lastFrame() ?? '';
	const waitFor = async (predicate: (frame: string) => boolean, what: string, ms = 8000) => {
		const until = Date.now() + ms;
		while (!predicate(frame())) {
			if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the frame:\n${frame()}`);
			await new Promise(resolve => setTimeout(resolve, 25));
		}

		return frame();
	};

	/** Sends a key once no step is being performed and the last key has been drawn. */
	const press = async (key: string) => {
		await waitFor(f => !f.includes('performing step'), 'the step to finish');
		await new Promise(resolve => setTimeout(resolve, 30));
		app.stdin.write(key);
	};

	return {lab, app, frame, waitFor, press};
}
