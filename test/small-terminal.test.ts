import {afterEach, describe, expect, it} from 'vitest';
import {killTerminals, runInTerminal} from './run-cli.js';

afterEach(killTerminals);

const down = '\u001B[B';

describe('the built CLI in a 60×20 terminal', () => {
	it('the menu keeps its title on screen while the list scrolls under the cursor', async () => {
		const term = runInTerminal([], {columns: 60, rows: 20});
		try {
			const first = await term.waitFor(s => s.includes('❯ 1. Close, then listen'), 'the menu');
			expect(first.split('\n')[0]).toContain('zdd-learn');
			expect(first).toContain('↓ ');
			for (let i = 0; i < 9; i++) term.send(down);
			const bottom = await term.waitFor(s => s.includes('❯ ⚙ Check your own server'), 'the cursor near the end');
			expect(bottom.split('\n')[0]).toContain('zdd-learn');
			expect(bottom).toContain('↑ ');
			term.send('q');
			expect(await term.exited).toBe(0);
		} finally {
			term.kill();
		}
	});

	it('Enter typed the moment the first frame arrives is read as Enter: the first lesson opens', async () => {
		const term = runInTerminal([], {columns: 60, rows: 20});
		try {
			// No wait for the screen to settle: the key leaves as soon as the menu's first bytes do.
			let arrived = '';
			const typeAtFirstFrame = (chunk: Buffer) => {
				arrived += chunk.toString('utf8');
				if (!arrived.includes('Close, then listen')) return;
				term.child.stdout.off('data', typeAtFirstFrame);
				term.send('\r');
			};

			term.child.stdout.on('data', typeAtFirstFrame);
			await term.waitFor(s => s.includes('Choose how to learn it'), 'the ways to learn lesson 1');
			term.send('q');
			await term.waitFor(s => s.includes('❯ 1. Close, then listen'), 'the menu');
			term.send('q');
			expect(await term.exited).toBe(0);
		} finally {
			term.kill();
		}
	});

	it('3 ↓ ↓ sent at once lands two rows down the list 3 opened', async () => {
		const term = runInTerminal([], {columns: 60, rows: 20});
		try {
			await term.waitFor(s => s.includes('❯ 1. Close, then listen'), 'the menu');
			term.send(`3${down}${down}`);
			await term.waitFor(s => s.includes('· Drain politely') && s.includes('❯ 3. Variable tracker'), 'the third way of lesson 3');
			term.send('q');
			await term.waitFor(s => s.includes('❯ 3. Drain politely'), 'the menu, on lesson 3');
			term.send('q');
			expect(await term.exited).toBe(0);
		} finally {
			term.kill();
		}
	});
});
