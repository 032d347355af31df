import {Box, Text} from 'ink';
import {failures, type VerifyStage} from '../../engine/index.js';
import {wrap} from '../../shared/format.js';
import type {StepRow} from '../../verify/steps.js';
import {measuredColor} from '../theme.js';

type Props = {
	rows: readonly StepRow[];
	/** The stage of the step that waits for the learner's key, if any. */
	waiting: VerifyStage | undefined;
	width: number;
	/** The lines it may take: what does not fit is left out, the steps last. */
	height: number;
	/** The engine's words for what happened last (a process started, a signal sent), and when (ms). */
	last?: {at: number; what: string};
};

const markColor = {'✔': measuredColor(true), '✖': measuredColor(false), '▶': 'yellow', '·': undefined} as const;

/** The counts' column: "1,234 sent · 56 failed". */
const countsWidth = 24;

/**
 * A stepped deploy as it goes: a line a step (its mark, who does it: you, or
 * the orchestrator's own clock; its requests so far), what happened last, then what a clean
 * deploy shows in the step under way or waiting, what Enter does, and what
 * "you" and "clock" mean, as far as the height allows.
 */
export default function VerifySteps({rows, waiting: stage, width, height, last}: Props) {
	const next = rows.findIndex(row => row.measured === undefined && row.stage === stage && row.by === 'operator');
	const waiting = next === -1 ? undefined : next;
	const current = waiting ?? rows.findLastIndex(row => row.measured !== undefined);
	const focus = rows[current];
	// "✔ 1. " before the title, " you   " and the counts after it.
	const titleWidth = Math.max(10, width - 5 - 7 - countsWidth);
	// Below the steps, each block whole or not at all, in this order, while they fit.
	const blocks: Array<{key: string; lines: string[]; color?: string; dim?: boolean}> = [];
	if (last) blocks.push({key: 'last', lines: [`${(last.at / 1000).toFixed(2)} s  ${last.what}`], dim: true});
	if (focus) {
		const expected = `${waiting === undefined ? '' : 'next, '}step ${current + 1}, expected: ${focus.expected} · none fail`;
		blocks.push({key: 'expected', lines: ['', ...wrap(expected, width)]});
	}

	if (waiting !== undefined) {
		const enter =
			waiting === 0
				? 'Enter performs it on your app. Nothing runs until then.'
				: 'Enter performs it on your app; until then the load goes on as it is.';
		blocks.push({key: 'enter', lines: wrap(enter, width), color: 'cyan'});
	}

	blocks.push({key: 'legend', lines: ['you: your key performs it · clock: the orchestrator does it on its own clock'], dim: true});
	let room = height - rows.length;
	const shown = blocks.filter(block => {
		if (block.lines.length > room) return false;
		room -= block.lines.length;
		return true;
	});
	return (
		<Box flexDirection="column" width={width}>
			{rows.slice(0, Math.max(1, height)).map((row, index) => {
				const counts = row.measured?.counts;
				const failed = counts ? failures(counts) : 0;
				const title = row.title.length > titleWidth ? `${row.title.slice(0, titleWidth - 1)}…` : row.title.padEnd(titleWidth);
				return (
					<Text key={`${row.stage}-${String(index)}`} wrap="truncate" bold={index === current}>
						<Text color={index === waiting ? 'cyan' : markColor[row.mark]}>{index === waiting ? '▷' : row.mark}</Text>
						{` ${String(index + 1)}. ${title}`}
						<Text dimColor>{row.by === 'operator' ? ' you   ' : ' clock '}</Text>
						{counts ? (
							<Text>
								{`${counts.sent.toLocaleString('en-US')} sent · `}
								<Text color={failed > 0 ? measuredColor(false) : undefined}>{`${failed.toLocaleString('en-US')} failed`}</Text>
							</Text>
						) : null}
					</Text>
				);
			})}
			{shown.flatMap(block =>
				block.lines.map((line, i) => (
					<Text key={`${block.key}-${String(i)}`} color={block.color} dimColor={block.dim} wrap="truncate">
						{line || ' '}
					</Text>
				)),
			)}
		</Box>
	);
}
