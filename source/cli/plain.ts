import {defaults, type Lab, type RunSnapshot} from '../engine/index.js';
import {describeHandling, judgeStep, stateLabel} from '../lessons/compare.js';
import {cannotStart, playLesson} from '../lessons/play.js';
import {type Lesson} from '../lessons/schema.js';
import {requirementMet, requirementText} from '../lessons/requires.js';
import {lessonLoad, versionNames} from '../lessons/settings.js';
import {plainTimeline} from '../lessons/timeline.js';
import {summarize} from '../lessons/summary.js';
import {ms, percent} from '../shared/format.js';

const statusWords = {
	match: '✔ as expected',
	predicted: '✔ as predicted',
	differs: '✖ differs',
	unmeasured: '· nothing measured',
	live: '⋯ under way',
	'not-yet': '○ not performed',
} as const;

/** Each step of a recorded run, expected beside measured, with the judge's word on it. */
export function plainSteps(lesson: Lesson, final: RunSnapshot): string[] {
	const lines: string[] = [];
	const names = versionNames(lesson);
	for (const [index, step] of lesson.steps.entries()) {
		const measured = final.steps[index];
		if (!measured) continue;
		const {status: judged, fields} = judgeStep(step, measured, false, names);
		const differs = fields.filter(field => field.verdict === 'differs');
		lines.push(
			`Step ${index + 1}  ${step.title}`,
			`  expected: ${names.old} ${stateLabel[step.expected.old]} · ${names.new} ${stateLabel[step.expected.new]} · ${fields[2]!.expected}`,
			`  measured: ${names.old} ${stateLabel[measured.states.old]} · ${names.new} ${stateLabel[measured.states.new]} · ${describeHandling(measured.counts, names)}`,
		);
		if (judged === 'predicted') lines.push(`  ${statusWords.predicted}: ${fields[2]!.predicted!}`);
		else if (judged !== 'differs') lines.push(`  ${statusWords[judged]}`);
		else for (const field of differs) lines.push(`  ${statusWords.differs} (${field.field}): ${field.why ?? ''}`);
	}

	return lines;
}

/**
 * The whole lesson run unattended at real speed, told as plain text: for a
 * pipe, CI, or anyone without a terminal to press keys in.
 */
/** Plays the lesson and prints it; resolves with why it could not start, if it could not. */
export async function runPlain(
	lab: Lab,
	lesson: Lesson,
	write: (line: string) => void,
	knownIds: Set<string>,
): Promise<string | undefined> {
	const run = lab.begin(lessonLoad(lesson));
	const {options} = run;
	write(`zdd-learn · ${lesson.title}`);
	write(lesson.summary);
	const slowEvery = options.slowEvery ?? defaults.slowEvery;
	const slow = `${ms(options.slowMinMs ?? defaults.slowMinMs)} to ${ms(options.slowMaxMs ?? defaults.slowMaxMs)}`;
	write(
		`Load: ${options.rate} requests/s, open loop, keep-alive ${options.keepAlive ? 'on' : 'off'}, 1 in ${slowEvery} requests slow (${slow}). Played unattended at real speed.`,
	);
	if (!requirementMet(lesson)) {
		write(
			`Note: this lesson needs ${requirementText(lesson.requires!)}; on Node ${process.version} on ${process.platform} you see the real fallback.`,
		);
	}

	write('');
	let failedStart: string | undefined;
	const final = await playLesson(run, lesson, {
		onStep(index, step, result) {
			write(`Step ${index + 1}/${lesson.steps.length}  ${step.title}`);
			write(`  engine:   ${result.detail} (${ms(result.durationMs)})`);
		},
		stopAfter(index, result) {
			failedStart = index === 0 ? cannotStart(result, run.options.port) : undefined;
			return failedStart !== undefined;
		},
	});
	if (failedStart) {
		lab.end(run);
		return failedStart;
	}

	write('');
	write('Each step, expected by the lesson and measured on the servers');
	for (const line of plainSteps(lesson, final)) write(line);

	const summary = summarize(final, lesson);
	write('');
	write('Summary of this run');
	const names = versionNames(lesson);
	write(`  sent ${summary.sent} · served by ${names.old} ${summary.old} · served by ${names.new} ${summary.new}`);
	write(
		`  refused ${summary.refused} · reset ${summary.reset} · 5xx ${summary.status5xx} · timed out ${summary.timeout} · other errors ${summary.other} (${percent(summary.failed, summary.sent)} failed)`,
	);
	write(`  gap, first to last failure: ${summary.gapMs === undefined ? 'no failures' : ms(summary.gapMs)}`);
	write(`  latency of answered requests: p50 ${ms(summary.p50)} · p99 ${ms(summary.p99)} · max ${ms(summary.max)}`);
	const timeline = plainTimeline(
		final.timeline,
		60,
		final.steps.map(step => step.startedAt),
		versionNames(lesson),
		final.gapMs,
	);
	for (const line of timeline) write(`  ${line}`);
	const {judgement} = summary;
	write(`  verdict: ${judgement.headline}`);
	write(`  ${judgement.claimLine}`);
	if (judgement.why) write(`  ${judgement.why}`);
	if (judgement.machine) write(`  ${judgement.machine}`);

	if (lesson.next.length > 0) {
		write(judgement.measuredZero ? '  where to go next:' : '  what fixes it:');
		for (const next of lesson.next) {
			write(`    ${next.title}${knownIds.has(next.id) ? '' : ' (coming)'}: ${next.why}`);
		}
	}

	lab.end(run);
	return undefined;
}
