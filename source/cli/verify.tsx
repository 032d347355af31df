import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {ReactElement} from 'react';
import {describeCommand, VerifyError, VerifyRun} from '../engine/index.js';
import {markdownReport, plainReport, reportOf, type VerifyReport} from '../verify/report.js';
import Verify from '../ui/screens/Verify.js';
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

/** What verify needs of the session: to hand it the run (ended on a signal), and to show a screen. */
export type VerifySession = {own: (dispose: () => void) => void; show: (app: ReactElement) => Promise<void>};

/**
 * Deploys the learner's app under load and says what was measured: a live
 * screen on a terminal, a plain account (the stages as they happen, then the
 * result) without one, one JSON document, or Markdown. Exit 0 when
 * zero-downtime, 1 when not, 2 when it could not be verified.
 */
export async function verify(options: VerifyOptions, session: VerifySession, interactive: boolean): Promise<void> {
	const screen = interactive && !options.json && !options.markdown;
	const logFile = path.join(os.tmpdir(), `zdd-learn-verify-${process.pid}-${Date.now()}.log`);
	const say = options.json || options.markdown || screen ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
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
	session.own(() => {
		run.dispose();
	});
	try {
		if (screen) {
			await live(run, session, describeCommand(options.app));
			return;
		}

		say(`Deploying ${describeCommand(options.app)} as an orchestrator would, under ${options.rate} req/s…`);
		const measured = await run.run();
		const report = reportOf(measured);
		if (options.json) process.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
		else if (options.markdown) process.stdout.write(markdownReport(report));
		else say(['', ...plainReport(report)].join('\n'));
		process.exitCode = report.zeroDowntime ? 0 : 1;
	} catch (error) {
		throw cannotVerify(error);
	} finally {
		run.dispose();
	}
}

/** The live screen; the result (or why there is none) once it is gone. */
async function live(run: VerifyRun, session: VerifySession, title: string): Promise<void> {
	let failure: unknown;
	let report: VerifyReport | undefined;
	const result = run.run().then(
		measured => (report = reportOf(measured)),
		(error: unknown) => {
			failure = error;
			return undefined;
		},
	);
	await session.show(<Verify run={run} result={result} title={title} />);
	if (failure !== undefined) throw cannotVerify(failure);
	if (report) process.exitCode = report.zeroDowntime ? 0 : 1;
	else if (process.exitCode === undefined) {
		process.stderr.write('zdd-learn: stopped before the deploy ended: nothing was measured\n');
		process.exitCode = 2;
	}
}

/** A VerifyError as one line and the app's own last lines; anything else as it is. */
function cannotVerify(error: unknown): unknown {
	if (!(error instanceof VerifyError)) return error;
	const tail = lastLines(error.log, 10);
	return new CannotVerify(
		`cannot verify: ${error.message}${tail.length > 0 ? `\nthe app's last output (${error.log}):\n${tail.map(line => `  ${line}`).join('\n')}` : ''}`,
	);
}
