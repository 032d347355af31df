import process from 'node:process';
import type {ReactElement} from 'react';
import {describeCommand, VerifyError, VerifyRun} from '../engine/index.js';
import {plainReport, reportOf, type VerifyReport} from '../verify/report.js';
import {markdownReport} from '../verify/markdown.js';
import {errorDocument, failureText} from '../verify/failure.js';
import Verify from '../ui/screens/Verify.js';
import {settingsOf, type VerifyOptions} from '../verify/options.js';
import {stepAccount} from '../verify/steps.js';
import {CannotVerify} from './errors.js';
import {failureSummary, toStepSummary} from './step-summary.js';

/** What verify needs of the session: to hand it the run (ended on a signal), and to show a screen. */
export type VerifySession = {own: (dispose: (signal?: string) => void) => () => void; show: (app: ReactElement) => Promise<void>};

/** The exit code of a report: 0 clean, 1 not. */
export const exitCodeOf = (report: VerifyReport) => (report.clean ? 0 : 1);

/**
 * Deploys the learner's app under load and says what was measured: a live
 * screen on a terminal, a plain account (the stages as they happen, then the
 * result) without one, one JSON document, or Markdown. Exit 0 when the deploy
 * was clean, 1 when not, 2 when it could not be verified. With --json there is
 * always one document: the report, or why there is none.
 */
export async function verify(options: VerifyOptions, session: VerifySession, interactive: boolean): Promise<void> {
	const screen = interactive && !options.json && !options.markdown;
	const say = options.json || options.markdown || screen ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
	const command = describeCommand(options.app);
	process.title = `zdd-learn verify ${command}`;
	// Stepped on a screen only: without a terminal there is no key, and the steps follow each other as verify runs them.
	const run = new VerifyRun(
		settingsOf(options),
		(what, at) => {
			say(`${(at / 1000).toFixed(2).padStart(6)} s  ${what}`);
		},
		options.steps && screen,
	);
	const release = session.own(signal => {
		// Stopped by a signal: what was measured so far, as one document.
		if (options.json && signal) {
			const {counts, statuses} = run.live();
			const document = {...errorDocument(`stopped by ${signal} before the deploy ended`, run.logFile), interrupted: true, counts, statuses};
			process.stdout.write(`${JSON.stringify(document, undefined, 2)}\n`);
		}

		run.keepLog();
		run.dispose();
	});
	try {
		if (screen) {
			if (await live(run, session, command, options)) run.keepLog();
			return;
		}

		say(
			options.steps
				? `Deploying ${command} step by step, under ${options.rate} req/s (no terminal, so no keys: each operator's step follows the one before as verify runs them)…`
				: `Deploying ${command} as an orchestrator would, under ${options.rate} req/s…`,
		);
		const report = reportOf(await run.run(), {strict: options.strict});
		if (!report.clean) run.keepLog();
		toStepSummary(markdownReport(report));
		// Written: a signal from now on ends a run that has nothing more to say (never a second document).
		if (options.json) release();
		if (options.json) process.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
		else if (options.markdown) process.stdout.write(markdownReport(report));
		else if (options.steps) say(['', ...stepAccount(report), '', ...plainReport(report, {stages: false})].join('\n'));
		else say(['', ...plainReport(report)].join('\n'));
		process.exitCode = exitCodeOf(report);
	} catch (error) {
		run.keepLog();
		if (options.json) {
			release();
			const message =
				error instanceof VerifyError
					? `cannot verify: ${error.message}`
					: `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
			process.stdout.write(`${JSON.stringify(errorDocument(message, run.logFile), undefined, 2)}\n`);
		}

		throw cannotVerify(error);
	} finally {
		run.dispose();
	}
}

/** The live screen; the result (or why there is none) once it is gone. Whether the app's output is worth keeping. */
async function live(run: VerifyRun, session: VerifySession, title: string, {strict, steps}: VerifyOptions): Promise<boolean> {
	let failure: unknown;
	let report: VerifyReport | undefined;
	const result = run.run().then(
		measured => (report = reportOf(measured, {strict})),
		(error: unknown) => {
			failure = error;
			return {failure: error instanceof VerifyError ? failureText(error) : String(error)};
		},
	);
	await session.show(<Verify run={run} result={result} title={title} stepped={steps} />);
	if (failure !== undefined) throw cannotVerify(failure);
	if (report) {
		toStepSummary(markdownReport(report));
		process.exitCode = exitCodeOf(report);
	} else if (process.exitCode === undefined) {
		process.stderr.write('zdd-learn: stopped before the deploy ended: nothing was measured\n');
		process.exitCode = 2;
	}

	return !report?.clean;
}

/** A VerifyError as one line and the app's own last lines (in the step summary too); anything else as it is. */
function cannotVerify(error: unknown): unknown {
	if (!(error instanceof VerifyError)) return error;
	toStepSummary(failureSummary(failureText(error)));
	return new CannotVerify(failureText(error));
}
