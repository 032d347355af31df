import {Box, Text} from 'ink';
import type {TimelineData} from '../../engine/index.js';
import {besideStrip, legend, sliceChar, scaleText, stepNumbers, stripOf, type Slice} from '../../lessons/timeline.js';

/** Each mark's colour; its character says the same without colour. */
const sliceColor: Record<Slice, string | undefined> = {
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
	const runs: Array<{slice: Slice; text: string}> = [];
	for (const slice of strip.slices) {
		const last = runs.at(-1);
		if (last?.slice === slice) last.text += sliceChar[slice];
		else runs.push({slice, text: sliceChar[slice]});
	}

	const cells = runs.map((run, i) => (
		<Text key={String(i)} color={sliceColor[run.slice]}>
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

	const pad = ' '.repeat(Math.max(0, stripWidth - strip.slices.length) + 2);
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
				{stepNumbers(strip, steps).padEnd(stripWidth + 2)}
				{scaleText(strip, gapMs)}
			</Text>
		</Box>
	);
}
