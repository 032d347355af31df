import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {VerifyReport} from '../source/verify/report.js';
import {runCli} from './run-cli.js';

const fixtures = path.resolve('test/fixtures/verify');
const fast = ['--lag', '500', '--grace', '3000', '--balancer-idle', '0'];
const folders: string[] = [];
afterEach(() => {
	for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
});

/** A file a runner gives as $GITHUB_STEP_SUMMARY, in a folder of its own. */
function summaryFile(): string {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'zdd-summary-'));
	folders.push(folder);
	return path.join(folder, 'summary.md');
}

/** action.yml's step, with the environment a runner gives it: the action's checkout, the inputs as the action maps them. */
async function runAction(env: Record<string, string>): Promise<{code: number | null; output: string}> {
	const child = spawn('bash', [path.resolve('action/verify.sh')], {
		cwd: os.tmpdir(),
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			PATH: process.env['PATH'] ?? '',
			HOME: os.tmpdir(),
			CI: 'true',
			GITHUB_ACTIONS: 'true',
			GITHUB_ACTION_PATH: path.resolve('.'),
			...env,
		},
	});
	let output = '';
	child.stdout.on('data', chunk => (output += String(chunk)));
	child.stderr.on('data', chunk => (output += String(chunk)));
	// Only so that a script that hangs cannot outlive the test.
	const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
	const code = await new Promise<number | null>(resolve => {
		child.on('close', resolve);
	});
	clearTimeout(timer);
	return {code, output};
}

describe.runIf(process.platform === 'linux')('verify in CI', () => {
	it('writes its Markdown report to $GITHUB_STEP_SUMMARY by itself, saying what its JSON says', async () => {
		const summary = summaryFile();
		const {code, stdout} = await runCli(['verify', '--json', path.join(fixtures, 'no-shutdown.js'), ...fast], {
			env: {GITHUB_STEP_SUMMARY: summary},
		});
		const report = JSON.parse(stdout) as VerifyReport;
		expect(code).toBe(1);
		const markdown = readFileSync(summary, 'utf8');
		const failed = report.sent - report.outcomes.old - report.outcomes.new;
		expect(markdown).toContain(`### zdd-learn verify: ✖ Not a clean deploy: ${failed} of ${report.sent} requests failed.`);
		const o = report.outcomes;
		expect(markdown).toContain(
			`| ${report.sent} | ${o.old} | ${o.new} | ${o.refused} | ${o.reset} | ${o.status5xx} | ${o.timeout} | ${o.other} |`,
		);
		for (const finding of report.findings) expect(markdown).toContain(finding.text);
	}, 60_000);

	it("the action's step fails on verify's exit 1 (requests failed), with the summary written; and on exit 2 (bad input)", async () => {
		const summary = summaryFile();
		const failing = await runAction({
			ZDD_APP: 'no-shutdown.js',
			ZDD_ARGS: fast.join(' '),
			ZDD_WORKING_DIRECTORY: fixtures,
			GITHUB_STEP_SUMMARY: summary,
		});
		expect(failing.code).toBe(1);
		expect(failing.output).toMatch(/^✖ Not a clean deploy: \d+ of \d+ requests failed/m);
		expect(readFileSync(summary, 'utf8')).toMatch(/^### zdd-learn verify: ✖ Not a clean deploy/);
		const both = await runAction({ZDD_APP: 'no-shutdown.js', ZDD_COMMAND: 'npm start', ZDD_WORKING_DIRECTORY: fixtures});
		expect(both.code).toBe(2);
		expect(both.output.trim()).toBe('zdd-learn: give the action app or command, not both');
		const bad = await runAction({ZDD_APP: 'no-such-app.js', ZDD_WORKING_DIRECTORY: fixtures});
		expect(bad.code).toBe(2);
		expect(bad.output).toContain('zdd-learn: no such file: no-such-app.js');
	}, 60_000);

	it("action.yml maps every input to the script's environment, and runs the script", () => {
		const action = readFileSync('action.yml', 'utf8');
		expect(action).toMatch(/^ {2}using: composite$/m);
		for (const [input, variable] of [
			['app', 'ZDD_APP'],
			['command', 'ZDD_COMMAND'],
			['args', 'ZDD_ARGS'],
			['working-directory', 'ZDD_WORKING_DIRECTORY'],
		]) {
			expect(action).toMatch(new RegExp(`^ {2}${input}:$`, 'm'));
			expect(action).toContain(`${variable}: \${{ inputs.${input} }}`);
			// Used by the script, not only named in its comments.
			expect(readFileSync('action/verify.sh', 'utf8')).toMatch(new RegExp(`"\\$\\{${variable}:-`));
		}

		expect(action).toContain('run: bash "$GITHUB_ACTION_PATH/action/verify.sh"');
	});
});
