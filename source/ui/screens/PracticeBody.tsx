import path from 'node:path';
import {Text} from 'ink';
import type {ReactNode} from 'react';
import type {VerifyLive} from '../../engine/index.js';
import {passed} from '../../exercises/check.js';
import type {Exercise} from '../../exercises/schema.js';
import {failedOf, type VerifyReport} from '../../verify/report.js';
import {measuredColor} from '../theme.js';
import Failures from '../widgets/Failures.js';
import OutcomeCount from '../widgets/OutcomeCount.js';
import Spinner from '../widgets/Spinner.js';
import Timeline from '../widgets/Timeline.js';
import {wrapWhole} from './wrap-whole.js';
import type {Outcome} from '../state/practice.js';

/** One piece of the exercise screen, and the rows it takes (every text in it is wrapped to the width). */
export type Block = {key: string; height: number; node: ReactNode};

type Props = {
	exercise: Exercise;
	file: string;
	editorNote: string | undefined;
	hints: number;
	live: VerifyLive | undefined;
	outcome: Outcome | undefined;
	first: VerifyReport | undefined;
	next: {title: string; how: string} | undefined;
	width: number;
};

/** Text wrapped to the width, one block per row, so the screen knows how tall it is. */
function rows(key: string, text: string, width: number, style: {color?: string; dimColor?: boolean; bold?: boolean} = {}): Block[] {
	return wrapWhole(text, width).map((line, i) => ({
		key: `${key}-${String(i)}`,
		height: 1,
		node: (
			<Text color={style.color} dimColor={style.dimColor} bold={style.bold}>
				{line}
			</Text>
		),
	}));
}

/** The verdict's headline: passed, or what is left. */
function headline(outcome: {report: VerifyReport; passed: boolean}): string {
	if (outcome.passed) return '✔ Passed: nothing dropped, nothing found.';
	const found = outcome.report.findings.length;
	return failedOf(outcome.report) === 0
		? `✖ Not yet: no request failed, but ${found === 1 ? 'one thing was found' : `${found} things were found`}.`
		: `✖ Not yet: ${failedOf(outcome.report)} of ${outcome.report.sent} requests failed.`;
}

/**
 * Everything under the exercise's title, as blocks of known height: the
 * task, the file, the hints taken, the check under way or its result. The
 * screen scrolls them when they are taller than the terminal.
 */
export function practiceBlocks({exercise, file, editorNote, hints, live, outcome, first, next, width}: Props): Block[] {
	const blocks: Block[] = [
		...exercise.task.flatMap((line, i) => rows(`t${String(i)}`, line, width)),
		...rows(
			'file',
			`${path.relative(process.cwd(), file) || file} · checked on every save (file events, and a poll every second) · r checks now`,
			width,
			{dimColor: true},
		),
		...(editorNote ? rows('editor', editorNote, width, {color: 'yellow'}) : []),
		...exercise.hints.slice(0, hints).flatMap((hint, i) => rows(`h${String(i)}`, `Hint ${i + 1}: ${hint}`, width, {color: 'yellow'})),
		{key: 'gap', height: 1, node: <Text> </Text>},
	];
	if (live) {
		blocks.push({
			key: 'timeline',
			height: 2,
			node: (
				<Timeline
					data={live.timeline}
					width={width}
					untilMs={outcome === undefined ? live.at : undefined}
					names={{old: 'old', new: 'new'}}
					gapMs={live.gapMs}
				/>
			),
		});
	}

	if (outcome === undefined) {
		const doing = wrapWhole(`deploying your file under load${live?.events.at(-1) ? ` · ${live.events.at(-1)!.what}` : ''}`, width - 2);
		doing.forEach((line, i) => {
			blocks.push({
				key: `doing-${String(i)}`,
				height: 1,
				node:
					i === 0 ? (
						<Text>
							<Spinner /> {line}
						</Text>
					) : (
						<Text>
							{'  '}
							{line}
						</Text>
					),
			});
		});
		const t = live?.counts;
		if (t) {
			blocks.push({
				key: 'counts',
				height: 1,
				node: (
					<Text wrap="truncate">
						sent {t.sent} · <OutcomeCount kind="old" n={t.old} /> · <OutcomeCount kind="new" n={t.new} /> ·{' '}
						<Failures counts={t} always5xx />
					</Text>
				),
			});
		}

		return blocks;
	}

	if ('failure' in outcome) {
		const lines = wrapWhole(outcome.failure, width);
		return [
			...blocks,
			...lines.map((line, i) => ({key: `f-${String(i)}`, height: 1, node: <Text color={i === 0 ? 'red' : undefined}>{line}</Text>})),
		];
	}

	const {report} = outcome;
	blocks.push(...rows('verdict', headline(outcome), width, {bold: true, color: measuredColor(outcome.passed)}));
	if (outcome.passed && first && first !== report && !passed(first)) {
		const before = `Before: ${failedOf(first)} of ${first.sent} failed, ${first.findings.length} finding${first.findings.length === 1 ? '' : 's'}`;
		blocks.push(...rows('before', `${before} · now: ${failedOf(report)} of ${report.sent}, none`, width));
	}

	if (outcome.passed) blocks.push(...rows('solution', `A reference solution, to compare: ${exercise.solution}`, width, {dimColor: true}));
	if (outcome.passed && next) {
		// The way to open it (a command, often) on a line of its own when both do not fit on one: whole, to be typed as it is.
		const line = `Next: ${next.title} (${next.how})`;
		if (line.length <= width) blocks.push(...rows('next', line, width, {color: 'cyan'}));
		else
			blocks.push(...rows('next', `Next: ${next.title}`, width, {color: 'cyan'}), ...rows('how', `(${next.how})`, width, {color: 'cyan'}));
	}
	for (const finding of report.findings) blocks.push(...rows(finding.id, `• ${finding.text}`, width));
	return blocks;
}
