import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {wrap} from '../source/shared/format.js';
import {KeysProvider} from '../source/ui/hooks/keys.js';
import Footer from '../source/ui/widgets/Footer.js';
import ScrollText from '../source/ui/widgets/ScrollText.js';
import {cleanupApps, keys, lessons, renderApp} from './render-app.js';

afterEach(cleanupApps);

const lines = ['one', 'two', 'three', 'four', 'five'];

async function until(frame: () => string, predicate: (frame: string) => boolean, what: string): Promise<string> {
	for (let i = 0; i < 400 && !predicate(frame()); i++) await new Promise(resolve => setTimeout(resolve, 10));
	if (!predicate(frame())) throw new Error(`timed out waiting for ${what}; the frame:\n${frame()}`);
	return frame();
}

describe('a text that does not fit is never cut: the rest is one key away', () => {
	it('shows what fits, says how much is below, and ↓ ↑ move through it a line at a time, to its end', async () => {
		const view = render(
			<KeysProvider isActive>
				<ScrollText lines={lines} rows={3} active />
			</KeysProvider>,
		);
		const frame = () => view.lastFrame() ?? '';
		try {
			expect(frame().split('\n')).toEqual(['one', 'two', '↓ 3 more (↑↓)']);
			for (const expected of ['↑ 1 above · ↓ 2 more', '↑ 2 above · ↓ 1 more', '↑ 3 above (↑↓)']) {
				view.stdin.write(keys.down);
				await until(frame, f => f.includes(expected), expected);
			}

			expect(frame().split('\n')).toEqual(['four', 'five', '↑ 3 above (↑↓)']);
			// Past the end, ↓ does nothing, so one ↑ moves back at once.
			view.stdin.write(keys.down);
			view.stdin.write(keys.up);
			await until(frame, f => f.includes('↑ 2 above · ↓ 1 more'), 'one line back');
		} finally {
			view.unmount();
		}
	});

	it('a text that fits is drawn whole, with no cue', () => {
		const view = render(
			<KeysProvider isActive>
				<ScrollText lines={lines} rows={5} active />
			</KeysProvider>,
		);
		expect(view.lastFrame()).toBe(lines.join('\n'));
		view.unmount();
	});

	it("a lesson's key moment at 24 rows: its pane says what is below, and ↓ brings every line of it on screen", async () => {
		const lesson = lessons.find(l => l.id === 'close-then-listen')!;
		const moment = lesson.keyMoments.find(m => m.step === 5)!;
		const ui = renderApp({initial: {name: 'mode', lesson: lesson.id, mode: 'guided'}});
		await ui.waitFor(f => f.includes('Step 1/8'), 'step 1');
		for (const step of [2, 3, 4, 5]) {
			await ui.press(keys.right);
			await ui.waitFor(f => f.includes(`Step ${step}/8`), `step ${step}`);
		}

		const five = await ui.waitFor(f => /Key moment .*↓ \d+ more/.test(f), "the moment's pane, with more below");
		// The pane's width is the screen's (ink-testing-library's 100 columns, less one).
		const text = wrap(moment.text, 99);
		expect(five).toContain(text[0]);
		expect(five).not.toContain(text.at(-1));
		const below = Number(/↓ (\d+) more/.exec(five)![1]);
		for (let i = 0; i < below; i++) await ui.press(keys.down);
		const end = await ui.waitFor(f => f.includes(text.at(-1)!) && !/↓ \d+ more/.test(f), 'the last line of the moment');
		expect(end).toMatch(new RegExp(`↑ ${String(below)} above`));
	});
});

describe('the footer', () => {
	it('wraps where the width runs out, each key whole with its word', () => {
		const keymap = {
			title: 'test',
			bindings: [
				{keys: '→', help: '', footer: 'next'},
				{keys: '←', help: '', footer: 'back'},
				{keys: 'a', help: '', footer: 'auto'},
				{keys: 'r', help: '', footer: 'restart'},
				{keys: '?', help: '', footer: 'help'},
				{keys: 'q', help: '', footer: 'menu'},
			],
		};
		const view = render(
			<Box width={30}>
				<Footer keymap={keymap} />
			</Box>,
		);
		const rows = view.lastFrame()!.split('\n');
		expect(rows.length).toBeGreaterThan(1);
		const entries = rows.flatMap(row => row.trim().split(/ {2,}/));
		expect(entries).toEqual(['→ next', '← back', 'a auto', 'r restart', '? help', 'q menu']);
		view.unmount();
	});
});
