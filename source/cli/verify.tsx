import process from 'node:process';
import type {ReactElement} from 'react';
import {describeCommand, VerifyError, VerifyRun} from '../engine/index.js';
import {failureText, markdownReport, plainReport, reportOf, type VerifyReport} from '../verify/report.js';
import Verify from '../ui/screens/Verify.js';
import {settingsOf, type VerifyOptions} from '../verify/options.js';

/** The app could not be verified: one line, then the last lines of its own output; exit 2. */
export class CannotVerify extends Error {
	readonly exitCode = 2;
}

/** What verify needs of the session: to hand it the run (ended on a signal), and to show a screen. */
export type VerifySession = {own: (dispose: () => void) => () => void; show: (app: ReactElement) => Promise<void>};

/**
 * Deploys the learner's app under load and says what was measured: a live
 * screen on a terminal, a plain account (the stages as they happen, then the
 * result) without one, one JSON document, or Markdown. Exit 0 when
 * zero-downtime, 1 when not, 2 when it could not be verified.
 */
export async function verify(options: VerifyOptions, session: VerifySession, interactive: boolean): Promise<void> {
	const screen = interactive && !options.json && !options.markdown;
	const say = options.json || options.markdown || screen ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
	const run = new VerifyRun(settingsOf(options), (what, at) => {
		say(`${(at / 1000).toFixed(2).padStart(6)} s  ${what}`);
	});
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
			return {failure: error instanceof Error ? error.message : String(error)};
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
	return error instanceof VerifyError ? new CannotVerify(failureText(error)) : error;
}
