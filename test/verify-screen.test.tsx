import {afterEach, describe, expect, it} from 'vitest';
import {cleanupApps, keys, renderApp} from './render-app.js';

afterEach(() => {
	cleanupApps();
});

const pageDown = '\u001B[6~';
const pageUp = '\u001B[5~';

describe.runIf(process.platform === 'linux')('Check your own server: a result taller than the screen', () => {
	it('scrolls: ↓ a line, PgDn/PgUp a page, End to the last line, Home to the top; ? lists the keys', async () => {
		const ui = renderApp({initial: {name: 'verify'}, size: {columns: 80, rows: 20}});
		await ui.waitFor(f => f.includes('The file that starts your app:'), 'the prompt');
		await ui.press('test/fixtures/verify/no-shutdown.js');
		await ui.waitFor(f => f.includes('no-shutdown.js'), 'the path typed');
		await ui.press(keys.enter);
		// 20 rows: 9 lines of the result, and the cue under them.
		const top = await ui.waitFor(f => /lines 1–9 of \d+ · ↓ \d+ more/.test(f), 'the result, its first page', 30_000);
		const total = Number(/lines 1–9 of (\d+)/.exec(top)![1]);
		expect(top).toContain('↑↓ scroll');
		expect(top).toContain('PgDn page');
		// The last line (where the app's output was kept) is below, not cut off.
		expect(top).not.toContain("The app's own output");
		await ui.press(keys.down);
		await ui.waitFor(f => f.includes(`lines 2–10 of ${total}`), '↓: a line further');
		await ui.press(pageDown);
		await ui.waitFor(f => f.includes(`lines 11–`), 'PgDn: a page further');
		await ui.press(pageUp);
		await ui.waitFor(f => f.includes(`lines 2–10 of ${total}`), 'PgUp: a page back');
		await ui.press(keys.end);
		const end = await ui.waitFor(f => f.includes(`lines ${total - 8}–${total} of ${total} · the end`), 'End: the last page');
		expect(end).toContain("The app's own output");
		await ui.press(keys.home);
		await ui.waitFor(f => f.includes(`lines 1–9 of ${total}`), 'Home: the top');
		await ui.press('?');
		const help = await ui.waitFor(f => f.includes('Keys · verify'), 'the help');
		for (const key of ['↑ ↓', 'PgUp PgDn Space', 'Home End', 'q Esc', '? or Esc closes this help']) expect(help).toContain(key);
		await ui.press(keys.escape);
		await ui.waitFor(f => !f.includes('Keys · verify') && f.includes(`lines 1–9 of ${total}`), 'the help closed, the result where it was');
		await ui.press('q');
		await ui.waitFor(f => f.includes('The file that starts your app: test/fixtures/verify/no-shutdown.js'), 'back at the prompt');
	}, 60_000);

	it('a result that fits neither scrolls nor offers the scrolling keys', async () => {
		const ui = renderApp({initial: {name: 'verify'}, size: {columns: 100, rows: 60}});
		await ui.waitFor(f => f.includes('The file that starts your app:'), 'the prompt');
		await ui.press('test/fixtures/verify/no-shutdown.js');
		await ui.waitFor(f => f.includes('no-shutdown.js'), 'the path typed');
		await ui.press(keys.enter);
		const done = await ui.waitFor(f => f.includes("The app's own output"), 'the whole result', 30_000);
		expect(done).not.toMatch(/lines \d+–\d+ of/);
		expect(done).not.toContain('PgDn');
		expect(done).toContain('? help');
	}, 60_000);
});
