import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {raceExitCode, raceOne, resultOf, settleClaims, strategiesOf, unmetPart, type RaceResult} from '../source/race/race.js';
import {claimWords, raceTable, raceVerdict, requirementNote} from '../source/race/table.js';
import {comparedStrategies} from '../source/ui/screens/Compare.js';
import Race, {RaceRows, RaceTimelines} from '../source/ui/screens/Race.js';
import {emptyCell, type Cell, type DeployRun} from '../source/engine/index.js';
import {requirementMet} from '../source/lessons/requires.js';
import {LifecycleRoot} from '../source/ui/Root.js';
import {Lab} from '../source/engine/index.js';
import {runCli} from './run-cli.js';

const lessons = await loadLessons(bundledLessonsDir);
const strategies = strategiesOf(lessons);

describe('the race', () => {
	it('every lesson and contrast is a strategy, with the lesson’s claim', () => {
		expect(strategies.map(s => s.id)).toEqual([
			'close-then-listen',
			'close-then-listen-at-once',
			'never-close-the-door',
			'hold-then-start',
			'drain-politely',
			'handover-plain-close',
			'handover-plain-close-retry',
			'blue-green-proxy',
			'flip-close-all',
			'idle-timeout-trap',
			'idle-timeout-fixed',
			'kubernetes-rolling-update',
			'sigterm-exit',
			'sigterm-close',
			'reuse-port',
			'cluster-rolling-restart',
			'stop-old-worker-first',
			'rolling-plain-close',
			'ready-is-not-listening',
			'flip-on-listen',
		]);
		expect(strategies.find(s => s.id === 'close-then-listen-at-once')).toMatchObject({
			claimsZero: undefined,
			fewerFailuresThan: 'close-then-listen',
		});
		expect(strategies.find(s => s.id === 'drain-politely')).toMatchObject({claimsZero: true, keepAlive: true});
		expect(strategies.find(s => s.id === 'handover-plain-close-retry')).toMatchObject({
			claimsZero: undefined,
			fewerFailuresThan: 'handover-plain-close',
			keepAlive: true,
			retry: true,
		});
	});

	it('a "fewer failures than" claim is judged against the other strategy once both have run', () => {
		const base = {
			title: '',
			lesson: '',
			agreement: 'agrees',
			keepAlive: true,
			retry: false,
			retried: 0,
			sent: 100,
			old: 50,
			new: 40,
			refused: 0,
			status5xx: 0,
			other: 0,
			timeout: 0,
		};
		const plain = {...base, id: 'plain', reset: 10, claimsZero: false, fewerFailuresThan: null, agrees: true} as unknown as RaceResult;
		const fewer = (reset: number) =>
			({...base, id: 'retry', reset, claimsZero: null, fewerFailuresThan: 'plain', agrees: true}) as unknown as RaceResult;
		expect(settleClaims([plain, fewer(3)]).map(r => r.agrees)).toEqual([true, true]);
		// One short run: the same count is not a contradiction; more is.
		expect(settleClaims([plain, fewer(10)]).map(r => r.agrees)).toEqual([true, true]);
		expect(settleClaims([plain, fewer(11)]).map(r => r.agrees)).toEqual([true, false]);
		// Raced without the other: nothing to judge it by.
		expect(settleClaims([fewer(10)])[0]!.agrees).toBe(true);
	});

	it('a comparison runs the way a "fewer failures than" claim is measured against, and never judges it without', () => {
		const drain = lessons.find(l => l.id === 'drain-politely')!;
		expect(comparedStrategies(drain, ['handover-plain-close-retry']).map(s => s.id)).toEqual([
			'drain-politely',
			'handover-plain-close',
			'handover-plain-close-retry',
		]);
		const alone = {id: 'retry', short: 'retry', fewerFailuresThan: 'plain', claimsZero: null, agreement: 'agrees'} as unknown as RaceResult;
		expect(claimWords(alone, [alone])).toBe('The lesson says it fails fewer requests than plain (not run here)');
	});

	it('the verdict line tells a claim this run contradicts from a claim of failures a light run did not meet', () => {
		const base = {
			title: '',
			lesson: '',
			keepAlive: true,
			retry: false,
			retried: 0,
			sent: 100,
			old: 50,
			new: 50,
			refused: 0,
			reset: 0,
			status5xx: 0,
			other: 0,
			timeout: 0,
			fellBehind: false,
			conserved: true,
			fewerFailuresThan: null,
		};
		const light = {
			...base,
			id: 'a',
			short: 'light one',
			claimsZero: false,
			zeroDowntime: true,
			agreement: 'disagrees',
		} as unknown as RaceResult;
		const broken = {
			...base,
			id: 'b',
			short: 'broken one',
			refused: 3,
			old: 47,
			claimsZero: true,
			zeroDowntime: false,
			agreement: 'disagrees',
		} as unknown as RaceResult;
		expect(raceVerdict([light])).toBe(
			'1 of 1 strategies dropped nothing. Claimed to fail, and nothing failed in this run (too light a load to meet the gap?): light one. Every request sent ended in exactly one outcome.',
		);
		expect(raceVerdict([light, broken])).toContain("Differs from its lesson's claim: broken one. Claimed to fail");
	});

	it('a run whose counts do not add up (a request lost, or one still in flight) is named in the verdict and exits 1', async () => {
		const strategy = strategies.find(s => s.id === 'never-close-the-door')!;
		let run: DeployRun | undefined;
		const measured = await raceOne(strategy, {rate: 100, durationMs: 300, keepAlive: false, seed: 1}, started => {
			run = started;
		});
		expect(measured.conserved).toBe(true);
		expect(raceExitCode([measured])).toBe(0);
		const final = run!.snapshot();
		const lost = resultOf(strategy, {...final, totals: {...final.totals, sent: final.totals.sent + 1}}, measured.durationMs);
		const stuck = resultOf(strategy, {...final, totals: {...final.totals, inFlight: 1}}, measured.durationMs);
		expect([lost.conserved, stuck.conserved]).toEqual([false, false]);
		expect(raceExitCode([measured, lost])).toBe(1);
		expect(raceExitCode([stuck])).toBe(1);
		expect(raceVerdict([measured, lost])).toContain(`Counts do not add up for: ${lost.short}.`);
	});

	it('race --json: one document, every strategy measured, counts conserved, verdicts agree with the lessons, ', async () => {
		const {code, stdout, stderr} = await runCli(['race', '--json']);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const document = JSON.parse(stdout) as {rate: number; durationMs: number; strategies: RaceResult[]};
		expect(document.rate).toBe(200);
		expect(document.strategies.map(s => s.id)).toEqual(strategies.map(s => s.id));
		for (const s of document.strategies) {
			for (const key of [
				'sent',
				'old',
				'new',
				'refused',
				'reset',
				'status5xx',
				'other',
				'timeout',
				'gapMs',
				'p50',
				'p99',
				'max',
				'zeroDowntime',
			]) {
				expect(s, `${s.id}.${key}`).toHaveProperty(key);
			}

			expect(s.conserved, s.id).toBe(true);
			expect(s.sent, s.id).toBe(s.old + s.new + s.refused + s.reset + s.status5xx + s.other + s.timeout);
			// The agreement follows from the claim and the measurement alone, never from itself. Every claim holds,
			// with two exceptions the judge names: a machine that fell behind (a busy runner) leaves a claim its
			// timeouts would settle undecided; and SIGTERM then close(), whose claim of failures one short deploy
			// may not reproduce (it fails only the requests that need a new connection to the pod, one to three
			// here, as the Ingress reuses its keep-alive connections, which a closed Node server still answers):
			// measured clean, it is "too light to meet the gap", which is a disagreement by its counts.
			const expected = s.id === 'sigterm-close' && s.zeroDowntime ? ['disagrees'] : s.fellBehind ? ['agrees', 'undecided'] : ['agrees'];
			expect(expected, `${s.id}: ${JSON.stringify(s)}`).toContain(s.agreement);
			// A claim of zero is met by a measurement of none (within the lesson's allowance); one of failures by some.
			if (s.agreement === 'agrees' && s.claimsZero === false) expect(s.zeroDowntime, s.id).toBe(false);
			// The headline is the measurement: its mark and its figures are the counts.
			const failed = s.refused + s.reset + s.status5xx + s.other + s.timeout;
			expect(s.headline).toContain(`${failed.toLocaleString('en-US')} of ${s.sent.toLocaleString('en-US')} requests failed`);
			expect(s.headline.startsWith(failed === 0 ? '✔' : '✖')).toBe(true);
		}

		// Every claim of failures is measured so, but SIGTERM then close(), whose few failures a short run may miss (see above).
		for (const s of document.strategies.filter(s => s.claimsZero === false && s.id !== 'sigterm-close')) {
			expect(s.zeroDowntime, `${s.id}: ${s.headline}`).toBe(false);
		}

		// SIGTERM then close() is judged all the same: its agreement is what its counts say.
		const sigtermClose = document.strategies.find(s => s.id === 'sigterm-close')!;
		expect(sigtermClose.agreement).toBe(sigtermClose.zeroDowntime ? 'disagrees' : 'agrees');

		expect(document.strategies.find(s => s.id === 'close-then-listen')!.refused).toBeGreaterThan(0);
		expect(document.strategies.find(s => s.id === 'handover-plain-close')!.reset).toBeGreaterThan(0);
		expect(document.strategies.find(s => s.id === 'flip-close-all')!.status5xx).toBeGreaterThan(0);
	});

	it('race without --json, piped: the settings it ran under, one row per strategy, the verdict, in plain text, exit 0', async () => {
		const {code, stdout, stderr} = await runCli([
			'race',
			'--strategies',
			'close-then-listen,never-close-the-door',
			'--rate',
			'150',
			'--keep-alive',
			'--seed',
			'7',
			'--duration',
			'300',
		]);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(stdout).not.toMatch(/\u001B\[/);
		const lines = stdout.split('\n');
		// The flags, as the run used them.
		expect(lines[0]).toBe("zdd-learn race · 150 req/s · ~0.3 s each · keep-alive on (or a lesson's own)");
		const row = (name: string) => {
			const found = new RegExp(`^${name} +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) .*(✔ zero|✖ drops)$`, 'm').exec(stdout);
			expect(found, `${name} in\n${stdout}`).not.toBeNull();
			const [sent, old, fresh, ...failed] = found!.slice(1, 8).map(Number) as [number, number, number, ...number[]];
			const failures = failed.reduce((a, b) => a + b, 0);
			// Each row adds up, and its verdict is its counts'.
			expect(old + fresh + failures, name).toBe(sent);
			expect(found![8]).toBe(failures === 0 ? '✔ zero' : '✖ drops');
			return failures;
		};

		// The classic recipe drops requests with keep-alive clients too (close() ends their idle connections, and the new
		// ones they open find nothing listening); the listener that never closes drops none.
		expect(row('close, listen')).toBeGreaterThan(0);
		expect(row('never close')).toBe(0);
		// The verdict, wrapped at 79 columns.
		const flat = stdout.replaceAll(/\s+/g, ' ');
		expect(flat).toContain('1 of 2 strategies dropped nothing. Every result agrees with its lesson.');
		expect(flat).toContain('Every request sent ended in exactly one outcome.');
		for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
	});

	it('race --json carries the flags it ran under: --rate, --keep-alive, --seed, --duration', async () => {
		const {code, stdout} = await runCli([
			'race',
			'--json',
			'--strategies',
			'never-close-the-door',
			'--rate',
			'120',
			'--keep-alive',
			'--seed',
			'9',
			'--duration',
			'300',
		]);
		expect(code).toBe(0);
		const document = JSON.parse(stdout) as {rate: number; keepAlive: boolean; seed: number; durationMs: number; strategies: RaceResult[]};
		expect(document).toMatchObject({rate: 120, keepAlive: true, seed: 9, durationMs: 300});
		expect(document.strategies.map(s => s.id)).toEqual(['never-close-the-door']);
		expect(document.strategies[0]!.conserved).toBe(true);
	});

	it('race --strategies picks and orders; a wrong id is one line and exit 2', async () => {
		const {code, stdout} = await runCli(['race', '--json', '--duration', '300', '--strategies', 'never-close-the-door,close-then-listen']);
		expect(code).toBe(0);
		expect((JSON.parse(stdout) as {strategies: RaceResult[]}).strategies.map(s => s.id)).toEqual([
			'never-close-the-door',
			'close-then-listen',
		]);
		const wrong = await runCli(['race', '--strategies', 'nope']);
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toMatch(/^zdd-learn: --strategies: no strategy "nope"; the strategies are: close-then-listen, /);
	});

	it('the race screen fills a row per strategy and ends with the verdict line', async () => {
		const picked = strategies.filter(s => s.id === 'close-then-listen' || s.id === 'never-close-the-door');
		const lab = new Lab({port: 0, rate: 200, keepAlive: false});
		const app = render(
			<LifecycleRoot>
				<Race lab={lab} strategies={picked} options={{rate: 200, durationMs: 300, keepAlive: false, seed: 1}} />
			</LifecycleRoot>,
		);
		try {
			const until = Date.now() + 15_000;
			while (!(app.lastFrame() ?? '').includes('strategies dropped nothing')) {
				if (Date.now() > until) throw new Error(`the race did not finish:\n${app.lastFrame()}`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}

			const frame = app.lastFrame()!;
			// One name per strategy, its short one, in the table as in the timelines and the verdict: never its title.
			expect(frame).toMatch(/^close, listen .*✖ drops$/m);
			expect(frame).toMatch(/^never close .*✔ zero$/m);
			expect(frame).not.toContain('Close, then listen');
			expect(frame).toContain('1 of 2 strategies dropped nothing. Every result agrees with its lesson.');
			app.stdin.write('t');
			while (!(app.lastFrame() ?? '').includes('by send time')) {
				if (Date.now() > until) throw new Error(`no timelines:\n${app.lastFrame()}`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}

			const strips = app
				.lastFrame()!
				.split('\n')
				.filter(line => line.includes('│'));
			expect(strips.map(line => line.slice(0, line.indexOf('│')).trimEnd())).toEqual(['close, listen', 'never close']);
		} finally {
			app.unmount();
			lab.dispose();
		}
	});

	it("every strategy's timeline strip starts at one column, though its first cells had nothing sent", () => {
		const cell = (outcome: 'old' | 'new' | 'refused' | undefined): Cell => ({...emptyCell(), ...(outcome ? {[outcome]: 3} : {})});
		const result = (id: string, short: string, cells: Cell[]) =>
			({id, short, title: short, timeline: {sliceMs: 50, cells}}) as unknown as RaceResult;
		// The second's first listen took two cells longer: nothing was sent in them.
		const results = [
			result('a', 'close, listen', [cell('old'), cell('refused'), cell('new')]),
			result('b', 'cluster rolling', [cell(undefined), cell(undefined), cell('old'), cell('new')]),
		];
		const view = render(<RaceTimelines results={results} width={79} compact={false} />);
		const lines = view.lastFrame()!.split('\n');
		const strips = lines.filter(line => line.includes('│'));
		expect(strips).toHaveLength(2);
		// The bar sits where every strip begins, so the blanks read as time with nothing sent, not as a shifted strip.
		expect(new Set(strips.map(line => line.indexOf('│'))).size).toBe(1);
		expect(strips[1]).toMatch(/^cluster rolling +│ +░/);
		expect(lines.join(' ')).toContain('(blank: none sent)');
		view.unmount();
	});

	it('a strategy whose lesson needs a newer Node says so beside its measured row, on screen, in plain text and in --json', async () => {
		const reusePort = lessons.find(lesson => lesson.id === 'reuse-port')!;
		expect(unmetPart(reusePort.requires, 'v20.20.2', 'linux')).toBe('Node 22.12+/23.1+');
		expect(unmetPart(reusePort.requires, 'v23.0.0', 'linux')).toBe('Node 22.12+/23.1+');
		expect(unmetPart(reusePort.requires, 'v22.12.0', 'linux')).toBeNull();
		expect(unmetPart(reusePort.requires, 'v24.1.0', 'darwin')).toContain('Linux 3.9+');
		expect(unmetPart(undefined)).toBeNull();

		const measured = {
			id: 'reuse-port',
			short: 'reusePort',
			title: 'Two listeners, one port (reusePort)',
			sent: 141,
			old: 56,
			new: 44,
			refused: 41,
			reset: 0,
			status5xx: 0,
			other: 0,
			timeout: 0,
			retry: false,
			gapMs: 192,
			p50: 1,
			p99: 254,
			max: 300,
			zeroDowntime: false,
			unmet: 'Node 22.12+/23.1+',
			stepErrors: ['EADDRINUSE'],
		} as unknown as RaceResult;
		expect(requirementNote(measured, 79, 'v20.20.2')).toEqual([
			'  ↳ needs Node 22.12+/23.1+; on Node 20.20.2 it ran the fallback (EADDRINUSE)',
		]);
		expect(requirementNote({...measured, unmet: null}, 79)).toEqual([]);
		// The measured result stands; the note is the line beneath it.
		const table = raceTable([measured], 80);
		expect(table[1]).toMatch(/^reusePort .* 41 .*✖ drops$/);
		expect(table[2]).toMatch(/^ {2}↳ needs Node 22\.12\+\/23\.1\+; on Node .* it ran the fallback \(EADDRINUSE\)$/);
		for (const line of table) expect(line.length, line).toBeLessThanOrEqual(80);
		const rows = render(<RaceRows strategies={[]} results={[measured]} current={undefined} durationMs={500} width={79} />);
		expect(rows.lastFrame()!.split('\n').slice(1, 3).join('\n')).toMatch(
			/^reusePort .*✖ drops\n {2}↳ needs Node 22\.12\+\/23\.1\+; on Node/,
		);
		rows.unmount();

		// This Node, measured: the note is there exactly when this Node lacks what the lesson needs.
		const met = requirementMet(reusePort);
		const json = await runCli(['race', '--json', '--duration', '300', '--strategies', 'reuse-port']);
		expect(json.code).toBe(0);
		const [result] = (JSON.parse(json.stdout) as {strategies: RaceResult[]}).strategies;
		expect(result!.unmet).toBe(met ? null : unmetPart(reusePort.requires));
		if (!met) expect(result!.stepErrors).toContain('EADDRINUSE');
		const plain = await runCli(['race', '--duration', '300', '--strategies', 'reuse-port']);
		expect(plain.code).toBe(0);
		expect(plain.stdout.includes('it ran the fallback')).toBe(!met);
	});
});
