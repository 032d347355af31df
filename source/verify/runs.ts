import {failureList, outcomes} from '../engine/index.js';
import type {VerifyErrorDocument} from './failure.js';
import type {FindingId} from './findings.js';
import {count, failedOf, headline, outcomesOf, pathLine, type VerifyReport} from './report.js';

/** One run of `verify --runs N`: its report, or why there is none. */
export type RunResult = VerifyReport | VerifyErrorDocument;

const isReport = (result: RunResult): result is VerifyReport => !('error' in result);

/** A run's exit code: 0 clean, 1 not, 2 not verified. */
function exitCodeOfRun(result: RunResult): 0 | 1 | 2 {
	return isReport(result) ? (result.clean ? 0 : 1) : 2;
}

/** The spread over the runs: the counts summed, the failures per run from least to most, each finding in how many runs. */
export type RunsSummary = {
	runs: number;
	/** The runs that gave a report, and of those the clean ones. */
	measured: number;
	clean: number;
	sent: number;
	outcomes: VerifyReport['outcomes'];
	statuses: Record<string, number>;
	/** Failed requests in a run, least and most (null: no run gave a report). */
	failed: {min: number; max: number} | null;
	/** Each path's requests summed over the runs. */
	byPath: VerifyReport['byPath'];
	/** Each finding seen, in how many runs, and the requests it explained over all of them. */
	findings: Array<{id: FindingId; severity: 'failure' | 'warning'; runs: number; requests: number}>;
	/** The worst run's exit code (2 over 1 over 0). */
	exitCode: number;
};

export function summaryOf(results: readonly RunResult[]): RunsSummary {
	const reports = results.filter(result => isReport(result));
	const sum = outcomesOf();
	const statuses: Record<string, number> = {};
	const findings = new Map<FindingId, RunsSummary['findings'][number]>();
	const byPath: VerifyReport['byPath'] = {};
	for (const report of reports) {
		for (const outcome of outcomes) sum[outcome] += report.outcomes[outcome];
		for (const [path, of] of Object.entries(report.byPath)) {
			const total = (byPath[path] ??= {
				sent: 0,
				outcomes: outcomesOf(),
			});
			total.sent += of.sent;
			for (const outcome of outcomes) total.outcomes[outcome] += of.outcomes[outcome];
		}

		for (const [status, n] of Object.entries(report.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
		for (const finding of report.findings) {
			const seen = findings.get(finding.id) ?? {id: finding.id, severity: finding.severity, runs: 0, requests: 0};
			seen.runs++;
			seen.requests += finding.requests;
			findings.set(finding.id, seen);
		}
	}

	const failed = reports.map(report => failedOf(report));
	return {
		runs: results.length,
		measured: reports.length,
		clean: reports.filter(report => report.clean).length,
		sent: reports.reduce((total, report) => total + report.sent, 0),
		outcomes: sum,
		statuses,
		byPath,
		failed: failed.length === 0 ? null : {min: Math.min(...failed), max: Math.max(...failed)},
		findings: [...findings.values()],
		exitCode: Math.max(0, ...results.map(result => exitCodeOfRun(result))),
	};
}

/** The one JSON document of `--runs N`: the summary beside each run's own document. */
export function runsDocument(results: readonly RunResult[]): {node: string; clean: boolean; summary: RunsSummary; runs: RunResult[]} {
	const summary = summaryOf(results);
	return {node: process.version, clean: summary.exitCode === 0 && summary.runs > 0, summary, runs: [...results]};
}

/** A run in one line: its verdict, or why it could not be verified. */
function runLine(result: RunResult, index: number, total: number): string {
	const head = isReport(result) ? headline(result) : `· ${result.error}`;
	return `Run ${index + 1}/${total}: ${head}`;
}

/** The spread in plain lines: each run's verdict, then the counts over all runs and each finding in how many of them. */
export function runsPlain(results: readonly RunResult[]): string[] {
	const s = summaryOf(results);
	const failed = s.sent - s.outcomes.old - s.outcomes.new;
	const spread = s.failed
		? s.failed.min === s.failed.max
			? `${count(s.failed.min)}`
			: `${count(s.failed.min)}–${count(s.failed.max)}`
		: '–';
	return [
		...results.map((result, index) => runLine(result, index, results.length)),
		'',
		`Over ${s.runs} runs: clean in ${s.clean} · failed requests per run ${spread} · sent ${count(s.sent)} in all${
			failed > 0 ? `, ${count(failed)} failed (${failureList({...s.outcomes, sent: s.sent})})` : ', none failed'
		}${s.measured < s.runs ? ` · ${s.runs - s.measured} could not be verified` : ''}`,
		...pathLines(s),
		...s.findings.map(
			f =>
				`  ${f.severity === 'failure' ? '✖' : '⚠'} ${f.id} in ${f.runs} of ${s.runs} runs${f.requests > 0 ? ` (${count(f.requests)} requests)` : ''}`,
		),
		s.exitCode === 0
			? `✔ Clean in every run (${s.runs}).`
			: `✖ Not clean in every run: the worst run decides the exit code (${s.exitCode}).`,
	];
}

/** The spread as Markdown: a row a run, then the findings by how many runs showed them. */
export function runsMarkdown(results: readonly RunResult[]): string {
	const s = summaryOf(results);
	return [
		`### zdd-learn verify, ${s.runs} runs: ${s.exitCode === 0 ? '✔ clean in every run' : `✖ clean in ${s.clean} of ${s.runs}`}`,
		'',
		'| run | sent | failed | verdict |',
		'| ---: | ---: | ---: | --- |',
		...results.map((result, index) =>
			isReport(result)
				? `| ${index + 1} | ${result.sent} | ${failedOf(result)} | ${result.clean ? '✔ clean' : '✖ not clean'} |`
				: `| ${index + 1} | – | – | not verified: ${result.error} |`,
		),
		'',
		...(s.findings.length > 0
			? s.findings.map(f => `- ${f.severity === 'failure' ? '✖' : '⚠'} \`${f.id}\` in ${f.runs} of ${s.runs} runs (${f.requests} requests)`)
			: ['No findings in any run.']),
		'',
	].join('\n');
}

/** Each path's requests over all runs, when the load asked more than one. */
function pathLines(s: RunsSummary): string[] {
	const paths = Object.entries(s.byPath);
	if (paths.length < 2) return [];
	const width = Math.max(...paths.map(([path]) => path.length));
	return paths.map(([path, of]) => pathLine(path, of, width));
}
