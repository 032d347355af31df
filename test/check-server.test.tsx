import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ProgressStore} from '../source/progress/store.js';
import {cleanupApps, keys, renderApp} from './render-app.js';

afterEach(() => {
	cleanupApps();
});

describe.runIf(process.platform === 'linux')('Check your own server, from the menu', () => {
	it('asks for the path, refuses a missing file in one line, deploys a real one live, and remembers its path', async () => {
		const store = new ProgressStore(await mkdtemp(path.join(os.tmpdir(), 'zdd-check-')));
		const ui = renderApp({store});
		await ui.waitFor(f => f.includes('Check your own server'), 'the menu');
		// The entry sits after the lessons and before Quit.
		await ui.press(keys.up);
		// Each key once the one before it is drawn: a key sent before the list has redrawn can be lost.
		await ui.waitFor(f => f.includes('❯ Quit'), 'Quit highlighted');
		await ui.press(keys.up);
		await ui.waitFor(f => f.includes('❯ ⚙ Check your own server'), 'the entry highlighted');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('The file that starts your app:'), 'the prompt');
		await ui.press('nope.js');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('✖ no such file: nope.js'), 'the refusal');
		for (let i = 0; i < 'nope.js'.length; i++) await ui.press('\u007F');
		await ui.waitFor(f => /The file that starts your app:\s*$/m.test(f), 'the path cleared');
		await ui.press('test/fixtures/verify/no-shutdown.js');
		await ui.press(keys.enter);
		const live = await ui.waitFor(f => f.includes('new instance added to the balancer'), 'the deploy under way', 20_000);
		expect(live).toMatch(/old +● listening +pid \d+/);
		const done = await ui.waitFor(f => f.includes('Not a clean deploy'), 'the result', 20_000);
		expect(done).toContain('exited');
		expect(done).toContain('q back');
		await ui.press('q');
		await ui.waitFor(
			f => f.includes('The file that starts your app: test/fixtures/verify/no-shutdown.js'),
			'back at the prompt, the path kept',
		);
		expect(store.load().progress.verify).toEqual({last: 'test/fixtures/verify/no-shutdown.js'});
	});

	it("Tab: step by step on the learner's app; Enter performs each operator step, and the steps are in the result", async () => {
		const ui = renderApp({initial: {name: 'verify'}, size: {columns: 100, rows: 40}});
		await ui.waitFor(f => f.includes('How: all at once'), 'the prompt, all at once');
		await ui.press('\t');
		const prompt = await ui.waitFor(f => f.includes('How: step by step'), 'step by step chosen');
		expect(prompt).toContain('Tab all at once');
		await ui.press('test/fixtures/verify/careful.js');
		await ui.waitFor(f => f.includes('careful.js'), 'the path typed');
		await ui.press(keys.enter);
		await ui.waitFor(f => f.includes('Enter performs it on your app. Nothing runs until then.'), 'the first step waiting', 20_000);
		for (const [k, what] of [
			[2, 'Start the new instance'],
			[3, 'Add the new instance to the balancer'],
			[4, 'Send SIGTERM to the old instance'],
		] as const) {
			await ui.press(keys.enter);
			await ui.waitFor(f => f.includes(`▷ ${k}. ${what}`), `step ${k} waiting`, 20_000);
		}

		await ui.press(keys.enter);
		const done = await ui.waitFor(f => f.includes('Clean deploy'), 'the result', 30_000);
		expect(done).not.toContain('Enter next step');
		await ui.press(keys.end);
		const end = await ui.waitFor(f => f.includes('Step 6/6'), 'the last step in the result');
		expect(end).toMatch(/✔ as in a clean deploy: none failed/);
		await ui.press('q');
		await ui.waitFor(f => f.includes('How: step by step'), 'back at the prompt, step by step kept');
	}, 90_000);
});
