import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, readFileSync, readlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xterm from '@xterm/headless';
import {afterAll} from 'vitest';

export const cliPath = path.resolve('dist/cli.js');

export type Result = {code: number | null; stdout: string; stderr: string};

/** The built CLI as a subprocess with no terminal: stdin ignored, CI=true. */
/** Each run gets its own progress directory, never the user's. */
export function freshConfigDir(): string {
	return mkdtempSync(path.join(os.tmpdir(), 'zdd-config-'));
}

/** The environment without the settings that force colour on or off: the CLI decides, as it would for a user. */
function withoutColourSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const {FORCE_COLOR: _force, NO_COLOR: _no, ...rest} = env;
	return rest;
}

/** CLIs still running when the test file ends (a test that timed out): killed, never left behind. */
const running = new Set<ChildProcess>();
afterAll(() => {
	for (const child of running) child.kill('SIGKILL');
});

export async function runCli(args: string[], options: {cwd?: string; script?: string; env?: Record<string, string>} = {}): Promise<Result> {
	const child = spawn(process.execPath, [options.script ?? cliPath, ...args], {
		cwd: options.cwd,
		stdio: ['ignore', 'pipe', 'pipe'],
		// No colour setting of the test's own: piped output must carry no colour by itself.
		// A runner's own summary is not the tests' to write.
		env: {
			...withoutColourSettings(process.env),
			CI: 'true',
			ZDD_LEARN_CONFIG_DIR: freshConfigDir(),
			GITHUB_STEP_SUMMARY: '',
			...options.env,
		},
	});
	running.add(child);
	child.on('exit', () => running.delete(child));
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const code = await new Promise<number | null>(resolve => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.on('close', c => {
			clearTimeout(timer);
			resolve(c);
		});
	});
	return {code, stdout, stderr};
}

/** A process's children, from /proc (Linux). */
export function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

const openTerminals = new Set<{kill: () => void}>();

/** Kills every terminal a test left open (a test that times out never reaches its finally). */
export function killTerminals(): void {
	for (const terminal of openTerminals) terminal.kill();
}

/**
 * The built CLI in a real pseudo-terminal (util-linux `script`), its
 * output fed to a headless terminal emulator so tests read the screen.
 */
export function runInTerminal(
	args: string[],
	size: {columns: number; rows: number},
	env: Record<string, string> = {},
	options: {probe?: boolean; statusFile?: string} = {},
) {
	const terminal = new xterm.Terminal({cols: size.columns, rows: size.rows, allowProposedApi: true});
	const cli = `${process.execPath} ${cliPath} ${args.join(' ')}`;
	// probe: a shell stays behind the CLI and reports, on the same terminal, its exit status and the
	// terminal's settings after it ("EXIT=<status>", then stty -a: raw mode left on shows as -icanon -echo).
	// It traps SIGINT, as a login shell is out of the way of one: a Ctrl+C typed while the terminal is
	// not raw reaches the whole group, and dash, untrapped, would die of it and hang up on the CLI.
	// statusFile: the shell outlives a hangup of the terminal and writes the CLI's exit status there.
	const command = options.probe
		? `trap : INT; stty cols ${size.columns} rows ${size.rows}; ${cli}; echo "EXIT=$?"; stty -a; echo PROBE-END`
		: options.statusFile
			? `stty cols ${size.columns} rows ${size.rows}; trap '' HUP; ${cli}; echo $? > ${options.statusFile}`
			: `stty cols ${size.columns} rows ${size.rows}; exec ${cli}`;
	const childEnv: Record<string, string | undefined> = {
		...withoutColourSettings(process.env),
		TERM: 'xterm-256color',
		// script runs the command with $SHELL: the same shell here as on a CI runner that sets none.
		SHELL: '/bin/sh',
		ZDD_LEARN_CONFIG_DIR: freshConfigDir(),
		// A runner's own summary is not the tests' to write.
		GITHUB_STEP_SUMMARY: '',
		...env,
	};
	const configDir = childEnv['ZDD_LEARN_CONFIG_DIR']!;
	// Ink draws only a final frame when it believes it runs in CI.
	delete childEnv['CI'];
	delete childEnv['CONTINUOUS_INTEGRATION'];
	const child = spawn('script', ['-qfec', command, '/dev/null'], {stdio: ['pipe', 'pipe', 'pipe'], env: childEnv});
	let raw = '';
	child.stdout.on('data', (chunk: Buffer) => {
		raw += chunk.toString('utf8');
		terminal.write(chunk);
	});
	const exited = new Promise<number | null>(resolve => {
		child.on('close', code => {
			resolve(code);
		});
	});

	const screen = () => {
		const lines: string[] = [];
		const buffer = terminal.buffer.active;
		for (let i = 0; i < size.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
		return lines.join('\n');
	};

	const waitFor = async (predicate: (screen: string) => boolean, what: string, ms = 10_000) => {
		const until = Date.now() + ms;
		for (;;) {
			// Let the emulator finish parsing what arrived.
			await new Promise<void>(resolve => {
				terminal.write('', resolve);
			});
			const now = screen();
			if (predicate(now)) return now;
			if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen:\n${now}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	};

	/** The CLI's process: script's child, or the probe shell's child. */
	const cliPid = (): number | undefined => {
		const [first] = childrenOf(child.pid!);
		if (first === undefined || !(options.probe || options.statusFile)) return first;
		return childrenOf(first)[0];
	};

	const handle = {
		child,
		cliPid,
		/** The CLI's own children (cluster workers). */
		cliChildren(): number[] {
			const pid = cliPid();
			return pid === undefined ? [] : childrenOf(pid);
		},
		/** A real resize: the CLI's terminal gets the new size (and SIGWINCH), and so does the emulator. */
		resize(columns: number, rows: number) {
			const pid = cliPid();
			if (pid === undefined) throw new Error('the CLI is not running');
			const tty = readlinkSync(`/proc/${pid}/fd/0`);
			execFileSync('stty', ['-F', tty, 'cols', String(columns), 'rows', String(rows)]);
			terminal.resize(columns, rows);
			size.columns = columns;
			size.rows = rows;
		},
		configDir,
		screen,
		waitFor,
		raw: () => raw,
		send(keys: string) {
			child.stdin.write(keys);
		},
		exited,
		/** Ends the CLI (script's child) as well as script, so nothing outlives a test. */
		kill() {
			for (const pid of [cliPid(), ...childrenOf(child.pid!)]) {
				try {
					if (pid !== undefined) process.kill(pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}

			child.kill('SIGKILL');
			terminal.dispose();
			openTerminals.delete(handle);
		},
	};
	openTerminals.add(handle);
	return handle;
}
