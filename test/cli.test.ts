import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cp, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it, onTestFinished} from 'vitest';
import {cliPath, freshConfigDir, runCli} from './run-cli.js';

const version = (JSON.parse(await readFile('package.json', 'utf8')) as {version: string}).version;

function oneLine(text: string): string {
	const lines = text.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	return lines[0]!;
}

/** The plain run's counts, read back from its summary. */
function plainCounts(stdout: string): {sent: number; failed: number; refused: number} {
	const [, sent] = /sent (\d+) · served by \w+/.exec(stdout)!.map(Number);
	const [, refused, reset, status5xx, timeout, other] = /refused (\d+) · reset (\d+) · 5xx (\d+) · timed out (\d+) · other errors (\d+)/
		.exec(stdout)!
		.map(Number);
	return {sent: sent!, failed: refused! + reset! + status5xx! + timeout! + other!, refused: refused!};
}

/** The verdict line must be the measurement: its mark and its figures come from the counts printed above it. */
function expectMeasuredVerdict(stdout: string): void {
	const {sent, failed} = plainCounts(stdout);
	const verdict = /verdict: (.*)/.exec(stdout)?.[1] ?? '';
	expect(verdict).toContain(`${failed.toLocaleString('en-US')} of ${sent.toLocaleString('en-US')} requests failed`);
	expect(verdict.startsWith(failed === 0 ? '✔ Zero-downtime in this run' : '✖ Not zero-downtime in this run')).toBe(true);
}

describe('the built CLI without a terminal', () => {
	it('plays the lesson unattended and prints a plain account, exit 0', async () => {
		const {code, stdout, stderr} = await runCli(['--rate', '150']);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(stdout).toContain('Step 1/8');
		expect(stdout).toMatch(/listen\(\d+\) failed: EADDRINUSE/);
		expect(stdout).toMatch(/Step 5 +Old server finishes its requests\n.*\n  measured: old closed · new error · \d+ refused/);
		// The lesson predicts the refusals at step 5: as predicted, and not one step departs from the lesson.
		expect(stdout).toMatch(
			/Step 5 +Old server finishes its requests\n  expected: old closed · new error · refused: nothing listening; reset: queued on the closed listener\n.*\n  ✔ as predicted: \d+ refused/,
		);
		// (A machine that fell behind its load may time requests out: the run says so, and then a step may differ.)
		if (!stdout.includes('⚠ This machine could not keep')) expect(stdout).not.toContain('differs');
		expect(stdout).toContain('Summary of this run');
		const refused = Number(/refused (\d+) · reset/.exec(stdout)?.[1]);
		expect(refused).toBeGreaterThan(0);
		const [, sent, old, fresh] = /sent (\d+) · served by old (\d+) · served by new (\d+)/.exec(stdout)!.map(Number);
		expect(old).toBeGreaterThan(0);
		expect(fresh).toBeGreaterThan(0);
		expect(sent).toBeGreaterThanOrEqual(old! + fresh! + refused);
		expectMeasuredVerdict(stdout);
		expect(plainCounts(stdout).failed).toBeGreaterThan(0);
		// The lesson's claim (it drops requests) beside the measurement, in words.
		expect(stdout).toMatch(/The lesson says: .* · this run agrees/);
		expect(stdout).not.toMatch(/\n\s+at /);
		expect(stdout).not.toMatch(/\u001B\[/);
	});

	it('--help gives usage, keys and examples; --version the version', async () => {
		const help = await runCli(['--help']);
		expect(help.code).toBe(0);
		for (const part of ['Usage', '--lesson <id>', '--rate <n>', '--port <n>', '--keep-alive', 'Keys in a lesson', 'Examples']) {
			expect(help.stdout).toContain(part);
		}

		for (const mode of ['guided', 'table', 'tracker', 'code', 'moments', 'quiz', 'snapshot', 'transcript', 'sandbox']) {
			expect(help.stdout).toMatch(new RegExp(`^\\s+${mode} +\\S`, 'm'));
		}

		const shown = await runCli(['--version']);
		expect(shown.code).toBe(0);
		expect(shown.stdout.trim()).toBe(version);
	});

	it.each([
		['verify', ['$ zdd-learn verify <file.js> [options]', '--app-port <n>', '--strict', 'Exit code: 0 a clean deploy'], '--lesson <id>'],
		['exercise', ['$ zdd-learn exercise --list', '--dir <dir>', '2 if it did not start'], '--app-port'],
		['race', ['$ zdd-learn race [--json]', '--strategies <a,b>'], '--app-port'],
		['quiz', ['$ zdd-learn quiz [--lesson <id>]', '--seed <n>'], '--app-port'],
	])('%s --help: its own usage and options, exit 0', async (command, parts, elsewhere) => {
		const {code, stdout, stderr} = await runCli([command, '--help']);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		for (const part of parts) expect(stdout).toContain(part);
		expect(stdout).not.toContain(elsewhere);
	});

	it.each([
		[['--rate', '-1'], /--rate expects/],
		[['--rate', 'abc'], /--rate expects/],
		[['--port', '99999'], /--port expects a port number from 1 to 65535, got "99999"/],
		[['--lesson', 'nope'], /no lesson "nope"; the lessons are: close-then-listen/],
		[['--fast'], /unknown flag --fast/],
		[['deploy'], /unknown command "deploy"/],
		[['--mode', 'nope', '--lesson', 'close-then-listen'], /--mode: no mode "nope"; the modes are: guided, /],
		[['--mode', 'table'], /--mode needs --lesson <id> too/],
		[['quiz'], /the quiz needs an interactive terminal/],
		[['--seed', 'abc'], /--seed expects a whole number/],
	])('%j: one clear line, exit 2', async (args, message) => {
		const {code, stdout, stderr} = await runCli(args);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(oneLine(stderr)).toMatch(new RegExp(`^zdd-learn: .*${message.source}`));
	});

	it('--mode snapshot and transcript print their text', async () => {
		const snapshot = await runCli(['--lesson', 'close-then-listen', '--mode', 'snapshot']);
		expect(snapshot.code).toBe(0);
		expect(snapshot.stdout).toMatch(/^1\. close\(\) shuts the listening socket at once/);
		expect(
			snapshot.stdout
				.trimEnd()
				.split('\n')
				.filter(line => /^\d\. /.test(line)),
		).toHaveLength(5);
		const transcript = await runCli(['--lesson', 'close-then-listen', '--mode', 'transcript']);
		expect(transcript.code).toBe(0);
		expect(transcript.stdout.split('\n').every(line => line.length <= 80)).toBe(true);
		expect(transcript.stdout).toContain('EADDRINUSE');
	});

	it('--reset-progress without a terminal resets at once and says so', async () => {
		const dir = freshConfigDir();
		await writeFile(path.join(dir, 'progress.json'), '{"version":1,"lessons":{}}');
		const {code, stdout} = await runCli(['--reset-progress'], {env: {ZDD_LEARN_CONFIG_DIR: dir}});
		expect(code).toBe(0);
		expect(stdout).toBe('Progress reset.\n');
		await expect(readFile(path.join(dir, 'progress.json'))).rejects.toThrow(/ENOENT/);
		await rm(dir, {recursive: true, force: true});
	});

	it('a busy --port: one clear line, exit 1', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		const {port} = blocker.address() as net.AddressInfo;
		try {
			const {code, stdout, stderr} = await runCli(['--port', String(port)]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(oneLine(stderr)).toBe(
				`zdd-learn: port ${port} on 127.0.0.1 is already in use; free it, pick another --port, or leave --port out to use a free one`,
			);
		} finally {
			blocker.close();
		}
	});

	it('a broken shipped lesson file fails the build: one line naming the file and the field, exit 1', async () => {
		// The shipped lessons are validated when the package is built, and ship as data (dist/shipped.json).
		const dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-broken-'));
		try {
			for (const part of ['source', 'scripts', 'lessons', 'exercises', 'package.json']) {
				await cp(part, path.join(dir, part), {recursive: true});
			}

			await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'));
			const file = path.join(dir, 'lessons', '01-close-then-listen.json');
			const lesson = JSON.parse(await readFile(file, 'utf8')) as {steps: Array<{action: string}>};
			lesson.steps[3]!.action = 'shutdown';
			await writeFile(file, JSON.stringify(lesson));
			const {code, stdout, stderr} = await runCli([], {script: path.join(dir, 'scripts', 'build.mjs'), cwd: dir});
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(oneLine(stderr)).toMatch(
				/^build: .*01-close-then-listen\.json: steps\[3\]\.action: expected an engine action \(.*\), got "shutdown"$/,
			);
			// Nothing half-built is left to ship.
			expect(existsSync(path.join(dir, 'dist'))).toBe(false);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
	it('stdin closed in the middle of a lesson: the plain run goes on to its summary, exit 0', async () => {
		const child = spawn(process.execPath, [cliPath, '--lesson', 'drain-politely', '--rate', '150'], {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: {...process.env, CI: 'true', ZDD_LEARN_CONFIG_DIR: freshConfigDir()},
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += String(chunk)));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		const code = new Promise<number | null>(resolve => child.on('close', resolve));
		// Ended whatever happens: a run that hangs must not outlive the test.
		onTestFinished(() => {
			child.kill('SIGKILL');
		});
		while (!stdout.includes('Step 2/')) await new Promise(resolve => setTimeout(resolve, 50));
		child.stdin.end();
		expect(await code).toBe(0);
		expect(stderr).toBe('');
		expect(stdout).toContain('Summary of this run');
		expectMeasuredVerdict(stdout);
		expect(plainCounts(stdout).failed).toBe(0);
		expect(stdout).toMatch(/The lesson says: .* · this run agrees/);
	});

	describe('--lessons-dir', () => {
		async function extraLessons(change?: (lesson: Record<string, any>) => void): Promise<string> {
			const dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-extra-'));
			const lesson = JSON.parse(await readFile('lessons/01-close-then-listen.json', 'utf8')) as Record<string, any>;
			lesson['id'] = 'my-own-lesson';
			lesson['title'] = 'My own lesson';
			change?.(lesson);
			// A contrast compared with the lesson itself names it by its id.
			for (const contrast of lesson['contrasts'] ?? [])
				if (contrast.fewerFailuresThan === 'close-then-listen') contrast.fewerFailuresThan = lesson['id'];
			await writeFile(path.join(dir, 'mine.json'), JSON.stringify(lesson));
			return dir;
		}

		it('adds the lessons in a directory: --lesson finds them and plays them', async () => {
			const dir = await extraLessons();
			try {
				const {code, stdout, stderr} = await runCli(['--lessons-dir', dir, '--lesson', 'my-own-lesson', '--rate', '150']);
				expect(stderr).toBe('');
				expect(code).toBe(0);
				expect(stdout).toMatch(/My own lesson/);
				expect(stdout).toContain('Summary of this run');
				const list = await runCli(['--lessons-dir', dir, '--lesson', 'nope']);
				expect(list.code).toBe(2);
				expect(oneLine(list.stderr)).toMatch(/the lessons are: close-then-listen, .*, my-own-lesson$/);
			} finally {
				await rm(dir, {recursive: true, force: true});
			}
		});

		it('a lesson whose claim is false: the verdict is what was measured, and the claim is shown as disagreeing', async () => {
			const dir = await extraLessons(lesson => {
				lesson['verdict'] = {zeroDowntime: true, text: 'Nothing was refused and nothing was cut.'};
			});
			try {
				const {code, stdout} = await runCli(['--lessons-dir', dir, '--lesson', 'my-own-lesson', '--rate', '150']);
				expect(code).toBe(0);
				expectMeasuredVerdict(stdout);
				const {failed, refused} = plainCounts(stdout);
				expect(refused).toBeGreaterThan(0);
				expect(stdout).toContain(`✖ Not zero-downtime in this run: ${failed.toLocaleString('en-US')} of`);
				expect(stdout).toContain('The lesson says: Nothing was refused and nothing was cut. · this run disagrees');
				expect(stdout).toMatch(new RegExp(`The claim failed in this run: .*${refused} refused`));
				expect(stdout).not.toContain('verdict: ✔');
				expect(stdout).not.toContain('--rate');
			} finally {
				await rm(dir, {recursive: true, force: true});
			}
		});

		it('refuses what is not a directory, and an empty value, with one line and exit 2', async () => {
			const notDir = await runCli(['--lessons-dir', 'package.json']);
			expect(notDir.code).toBe(2);
			expect(oneLine(notDir.stderr)).toBe('zdd-learn: --lessons-dir: "package.json" is not a directory');
			const missing = await runCli(['--lessons-dir', 'no/such/dir']);
			expect(missing.code).toBe(2);
			expect(oneLine(missing.stderr)).toBe('zdd-learn: --lessons-dir: "no/such/dir" is not a directory (ENOENT)');
			const empty = await runCli(['--lessons-dir', '']);
			expect(empty.code).toBe(2);
			expect(oneLine(empty.stderr)).toMatch(/--lessons-dir expects the path of a directory/);
		});

		it('checks every file in it before anything starts: a broken one, or one that reuses a shipped id, is refused', async () => {
			const broken = await extraLessons(lesson => (lesson['quiz'][0].answer = 'not an option'));
			const clash = await extraLessons(lesson => (lesson['id'] = 'drain-politely'));
			const empty = await mkdtemp(path.join(os.tmpdir(), 'zdd-empty-'));
			try {
				const a = await runCli(['--lessons-dir', broken]);
				expect(a.code).toBe(1);
				expect(a.stdout).toBe('');
				expect(oneLine(a.stderr)).toMatch(
					/^zdd-learn: lesson file refused: .*mine\.json: quiz\[0\]\.answer: expected one of its options, got "not an option"$/,
				);
				const b = await runCli(['--lessons-dir', clash]);
				expect(b.code).toBe(1);
				expect(oneLine(b.stderr)).toMatch(
					/mine\.json: id: expected a unique id, "drain-politely" is also used by .*03-drain-politely\.json$/,
				);
				const c = await runCli(['--lessons-dir', empty]);
				expect(c.code).toBe(1);
				expect(oneLine(c.stderr)).toMatch(/zdd-empty-\w+: expected at least one lesson file \(\*\.json\)$/);
			} finally {
				for (const dir of [broken, clash, empty]) await rm(dir, {recursive: true, force: true});
			}
		});
	});
});
