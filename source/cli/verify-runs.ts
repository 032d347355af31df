import process from 'node:process';
import {defaults, describeCommand, VerifyError, VerifyRun} from '../engine/index.js';
import {errorDocument, failureText} from '../verify/failure.js';
import {settingsOf, type VerifyOptions} from '../verify/options.js';
import {plainReport, reportOf} from '../verify/report.js';
import {runsDocument, runsMarkdown, runsPlain, summaryOf, type RunResult} from '../verify/runs.js';
import type {VerifySession} from './verify.js';
import {toStepSummary} from './step-summary.js';

/**
 * `verify --runs N`: the same deploy N times, each on fresh instances, one
 * after the other, then the spread over them (each run's verdict, the
 * failures per run, each finding in how many runs). A run that cannot be
 * verified is one of them, not the end. The exit code is the worst run's:
 * 2 over 1 over 0. With --json, one document: the summary beside each run's.
 */
export async function verifyRuns(options: VerifyOptions, session: VerifySession): Promise<void> {
	const say = options.json || options.markdown ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
	const command = describeCommand(options.app);
	process.title = `zdd-learn verify ${command}`;
	const results: RunResult[] = [];
	let current: VerifyRun | undefined;
	let stopped = false;
	const release = session.own(signal => {
		stopped = true;
		// Stopped by a signal: the runs measured so far, as one document.
		if (options.json && signal) {
			// Not every run was measured: never clean, whatever the runs before it were.
			process.stdout.write(`${JSON.stringify({...runsDocument(results), clean: false, interrupted: true}, undefined, 2)}\n`);
		}

		current?.keepLog();
		current?.dispose();
	});
	for (let k = 1; k <= options.runs && !stopped; k++) {
		say(`${k > 1 ? '\n' : ''}Run ${k}/${options.runs}: deploying ${command} as an orchestrator would, under ${options.rate} req/s…`);
		// Each run draws its own sequence of paths (the first as a single verify does), so runs differ as clients do.
		const run = new VerifyRun({...settingsOf(options), seed: defaults.seed + k - 1}, (what, at) => {
			say(`${(at / 1000).toFixed(2).padStart(6)} s  ${what}`);
		});
		current = run;
		try {
			const report = reportOf(await run.run(), {strict: options.strict});
			if (!report.clean) run.keepLog();
			results.push(report);
			say(['', ...plainReport(report)].join('\n'));
		} catch (error) {
			run.keepLog();
			if (!(error instanceof VerifyError)) throw error;
			results.push(errorDocument(`cannot verify: ${error.message}`, run.logFile));
			say(failureText(error));
		} finally {
			run.dispose();
		}
	}

	// Written: a signal from now on ends a run that has nothing more to say (never a second document).
	release();
	toStepSummary(runsMarkdown(results));
	if (options.json) process.stdout.write(`${JSON.stringify(runsDocument(results), undefined, 2)}\n`);
	else if (options.markdown) process.stdout.write(runsMarkdown(results));
	else say(['', ...runsPlain(results)].join('\n'));
	process.exitCode = summaryOf(results).exitCode;
}
