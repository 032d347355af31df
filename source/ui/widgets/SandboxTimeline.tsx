import {Text} from 'ink';
import type {TimelineData} from '../../engine/index.js';
import {besideStrip, legend, scaleText, stripOf, type Strip} from '../../lessons/timeline.js';
import Timeline from './Timeline.js';

/**
 * Each key the sandbox acts on, as its marker under the timeline: the key,
 * raised, so that no marker is a character an outcome's mark uses (5 marks a
 * 5xx, × a refusal, t a timeout), with colour or without.
 */
export const raisedKey: Readonly<Record<string, string>> = {
	'1': '¹',
	'2': '²',
	'3': '³',
	'4': '⁴',
	'5': '⁵',
	'6': '⁶',
	'7': '⁷',
	'8': '⁸',
	'9': '⁹',
	e: 'ᵉ',
	h: 'ʰ',
	x: 'ˣ',
};

/** One press of a key that acted, and when its step started (ms since the run began). */
export type Press = {key: string; at: number};

/** The line under the strip: each press's raised key in the cell where its step started; in one cell, the first keeps it. */
export function pressMarks(strip: Strip, presses: readonly Press[]): string {
	const line: string[] = Array.from({length: strip.slices.length}, () => ' ');
	for (const {key, at} of presses) {
		const cell = Math.floor(at / strip.cellMs);
		if (cell >= 0 && cell < line.length && line[cell] === ' ') line[cell] = raisedKey[key] ?? '?';
	}

	return line.join('').trimEnd();
}

const prefix = 'Timeline ';
/** The marker line's label, as wide as the strip's. */
const pressedLabel = ' pressed ';

type Props = {
	readonly data: TimelineData;
	readonly width: number;
	/** Until when the strip runs (ms since the run began): now, while it is live. */
	readonly untilMs?: number;
	readonly presses: readonly Press[];
	readonly names: {old: string; new: string};
	readonly gapMs?: number;
};

/**
 * The sandbox's timeline: the strip (the shared widget's, one line) with its
 * legend beside it, and beneath, the key the learner pressed where each
 * action started, then the scale and the gap.
 */
export default function SandboxTimeline({data, width, untilMs, presses, names, gapMs}: Props) {
	const stripWidth = Math.max(10, width - prefix.length - besideStrip - 2);
	const strip = stripOf(data, stripWidth, untilMs);
	const pad = ' '.repeat(Math.max(0, stripWidth - strip.slices.length) + 2);
	return (
		<>
			<Text wrap="truncate">
				<Text bold>{prefix}</Text>
				<Timeline label="" data={data} width={stripWidth} untilMs={untilMs} names={names} />
				{pad}
				<Text dimColor>{legend(strip, names) || 'nothing has ended yet'}</Text>
			</Text>
			<Text wrap="truncate">
				<Text dimColor>{pressedLabel}</Text>
				<Text bold>{pressMarks(strip, presses).padEnd(stripWidth + 2)}</Text>
				<Text dimColor>{scaleText(strip, gapMs)}</Text>
			</Text>
		</>
	);
}
