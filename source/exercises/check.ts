import {VerifyRun, type VerifyMeasurement} from '../engine/index.js';
import {settingsOf, verifyDefaults} from '../verify/options.js';
import {reportOf, type VerifyReport} from '../verify/report.js';
import path from 'node:path';
import type {Exercise} from './schema.js';

/** An exercise passes when its deploy drops nothing and nothing is found. */
export function passed(report: VerifyReport): boolean {
	return report.zeroDowntime && report.findings.length === 0;
}

/** A run of the learner's file under the exercise's deploy settings (node runs it, in its folder). */
export function exerciseRun(exercise: Exercise, file: string, tell?: (what: string, at: number) => void): VerifyRun {
	const s = exercise.settings;
	return new VerifyRun(
		settingsOf({
			app: {command: process.execPath, args: [file], cwd: path.dirname(file)},
			rate: verifyDefaults.rate,
			keepAlive: s.keepAlive ?? false,
			signal: s.signal ?? verifyDefaults.signal,
			lagMs: s.lagMs ?? verifyDefaults.lagMs,
			graceMs: s.graceMs ?? verifyDefaults.graceMs,
			...(s.readyPath ? {readyPath: s.readyPath} : {}),
			startTimeoutMs: verifyDefaults.startTimeoutMs,
			json: false,
			markdown: false,
			strict: false,
			steps: false,
			runs: 1,
		}),
		tell,
	);
}

/** The report of one measured run, and whether it passes. */
export function verdictOf(measured: VerifyMeasurement): {report: VerifyReport; passed: boolean} {
	const report = reportOf(measured);
	return {report, passed: passed(report)};
}
