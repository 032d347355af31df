import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describeCommand, VerifyError, VerifyRun} from '../engine/index.js';
import {markdownReport, plainReport, reportOf} from '../verify/report.js';
import type {VerifyOptions} from './verify-options.js';

/** The app could not be verified: one line, then the last lines of its own output; exit 2. */
export class CannotVerify extends Error {
	readonly exitCode = 2;
}

/** The app's last lines of output, without Node's own stack frames (node:internal), which say nothing of the app. */
function lastLines(file: string, count: number): string[] {
	try {
		const text = readFileSync(file, 'utf8').trimEnd();
		if (text === '') return [];
		return text
			.split('\n')
			.filter(line => !/^\s+at .*node:internal\//.test(line))
			.slice(-count);
	} catch {
		return [];
	}
}

/**
 * Deploys the learner's app under load and says what was measured: a plain
 * account (the stages as they happen, then the result), or one JSON
 * document. Exit 0 when zero-downtime, 1 when not. `own` hands the run to
 * whoever ends the process on a signal.
 */
export async function verify(options: VerifyOptions, own: (dispose: () => void) => void): Promise<void> {
	const logFile = path.join(os.tmpdir(), `zdd-learn-verify-${process.pid}-${Date.now()}.log`);
	const say = options.json || options.markdown ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
	const run = new VerifyRun(
		{
			app: options.app,
			rate: options.rate,
			keepAlive: options.keepAlive,
			signal: options.signal,
			lagMs: options.lagMs,
			graceMs: options.graceMs,
			...(options.readyPath ? {readyPath: options.readyPath} : {}),
			startTimeoutMs: options.startTimeoutMs,
			settleMs: 1000,
			logFile,
		},
		(what, at) => {
			say(`${(at / 1000).toFixed(2).padStart(6)} s  ${what}`);
		},
	);
	own(() => {
		run.dispose();
	});
	try {
		say(`Deploying ${describeCommand(options.app)} as an orchestrator would, under ${options.rate} req/s…`);
		const measured = await run.run();
		const report = reportOf(measured);
		if (options.json) process.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
		else if (options.markdown) process.stdout.write(markdownReport(report));
		else say(['', ...plainReport(report)].join('\n'));
		process.exitCode = report.zeroDowntime ? 0 : 1;
	} catch (error) {
		if (error instanceof VerifyError) {
			const tail = lastLines(error.log, 10);
			throw new CannotVerify(
				`cannot verify: ${error.message}${tail.length > 0 ? `\nthe app's last output (${error.log}):\n${tail.map(line => `  ${line}`).join('\n')}` : ''}`,
			);
		}

		throw error;
	} finally {
		run.dispose();
	}
}
