import {Box, Text} from 'ink';
import type {TimelineData} from '../../engine/index.js';
import {besideStrip, legend, markChar, scaleText, stepMarks, stripOf, type Mark} from '../../lessons/timeline.js';

/** Each mark's colour; its character says the same without colour. */
const markColor: Record<Mark, string | undefined> = {
	old: 'blue',
	new: 'green',
	both: 'cyan',
	refused: 'red',
	reset: 'magenta',
	status5xx: 'yellow',
	timeout: 'yellow',
	other: 'red',
	none: undefined,
};

type Props = {
	data: TimelineData;
	width: number;
	/** Until when the strip runs (ms since the run began): now, while it is live. */
	untilMs?: number;
	/** When each step started (ms since the run began), marked under the strip. */
	steps?: readonly number[];
	names: {old: string; new: string};
	gapMs?: number;
	/** One line only, the strip, under a label of this width (the race's rows). */
	label?: string;
};

/**
 * What happened to the requests, by when they were sent: one cell per slice
 * of time, marked by the worst outcome of the requests sent in it, and the
 * legend beside it; beneath, where each step started, the scale and the gap.
 */
export default function Timeline({data, width, untilMs, steps = [], names, gapMs, label}: Props) {
	const prefix = label ?? 'Timeline ';
	const stripWidth = Math.max(10, width - prefix.length - (label === undefined ? besideStrip + 2 : 0));
	const strip = stripOf(data, stripWidth, untilMs);
	const runs: Array<{mark: Mark; text: string}> = [];
	for (const mark of strip.marks) {
		const last = runs.at(-1);
		if (last?.mark === mark) last.text += markChar[mark];
		else runs.push({mark, text: markChar[mark]});
	}

	const cells = runs.map((run, i) => (
		<Text key={String(i)} color={markColor[run.mark]}>
			{run.text}
		</Text>
	));
	if (label !== undefined) {
		return (
			<Text wrap="truncate">
				<Text>{prefix}</Text>
				{cells}
			</Text>
		);
	}

	const pad = ' '.repeat(Math.max(0, stripWidth - strip.marks.length) + 2);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold>{prefix}</Text>
				{cells}
				{pad}
				<Text dimColor>{legend(strip, names) || 'nothing has ended yet'}</Text>
			</Text>
			<Text wrap="truncate" dimColor>
				{' '.repeat(prefix.length)}
				{stepMarks(strip, steps).padEnd(stripWidth + 2)}
				{scaleText(strip, gapMs)}
			</Text>
		</Box>
	);
}
