import {Box, Text} from 'ink';
import type {StepSnapshot} from '../../engine/index.js';
import {expectedHandlingShort, judgeStep} from '../../lessons/compare.js';
import type {LessonStep} from '../../lessons/schema.js';
import type {VersionNames} from '../../lessons/settings.js';
import {clip, fit, ms, pad, wrap} from '../../shared/format.js';
import {statusStyle, verdictStyle} from '../theme.js';

type Props = {
	index: number;
	count: number;
	step: LessonStep;
	measured: StepSnapshot | undefined;
	live: boolean;
	busy: boolean;
	width: number;
	/** Lines the explanation of a difference may take. */
	whyLines: number;
	/** Lines the engine's words may take (always this many, so the screen below does not jump). */
	engineLines?: number;
	/** What the lesson calls its versions (blue and green). */
	names?: VersionNames;
};

/** What the engine did in the step, in one sentence (it wraps: it is what the learner reads first). */
export function engineLineOf(measured: StepSnapshot | undefined, busy: boolean): string {
	const result = measured?.result;
	return busy
		? 'engine: working on it…'
		: result
			? `engine: ${result.detail} ·\u00A0${ms(result.durationMs).replace(' ', '\u00A0')}`
			: 'engine: not performed yet';
}

/** The rows the engine's sentence needs at this width: at least `least`, at most 3. */
export function engineRows(measured: StepSnapshot | undefined, busy: boolean, width: number, least: number): number {
	return Math.min(3, Math.max(least, wrap(engineLineOf(measured, busy), width).length));
}

/** The step on screen: what the engine did, and the lesson's expected row beside the measured one. */
export default function StepDetail({
	index,
	count,
	step,
	measured,
	live,
	busy,
	width,
	whyLines,
	engineLines = 1,
	names = {old: 'old', new: 'new'},
}: Props) {
	const fieldLabel = {old: names.old, new: names.new, handling: 'requests'};
	const result = measured?.result;
	const engineLine = engineLineOf(measured, busy);
	const {status, fields} = judgeStep(step, measured, busy, names);
	// Under way: the counts so far, no ✔ or ✖ until the step has ended.
	const final = status !== 'live';
	// Room for the label (10) and the widest mark (18, "· nothing measured").
	const column = Math.min(30, Math.max(12, Math.floor((width - 28) / 2)));
	const needed = (texts: string[]) => Math.max(0, ...texts.map(text => text.length + 1));
	const measuredNeeds = needed(['measured (failures', ...fields.map(field => field.measured)]);
	// A prediction too long for the room the measured cell leaves gives its failures' kinds alone (the reasons are the
	// step's explanation's), never cut mid-word.
	const expectedText = (field: (typeof fields)[number]) =>
		field.field === 'handling' && field.expected.length + 1 > 2 * column - measuredNeeds
			? expectedHandlingShort(step.expected, names)
			: field.expected;
	// The two columns share their room: the expected one takes what the measured one leaves (a cell is cut only past that).
	const expectedColumn = Math.max(
		12,
		Math.min(needed(fields.map(field => expectedText(field))), Math.max(column, 2 * column - measuredNeeds)),
	);
	const measuredColumn = 2 * column - expectedColumn;
	const why = fields
		.filter(field => final && field.verdict === 'differs' && field.why)
		.map(field => `${fieldLabel[field.field]}: ${field.why!}`)
		.join(' · ');
	// A step that failed as the lesson predicts says so, in the colour of a failure, where a difference would be told.
	const predicted = status === 'predicted' ? fields.find(field => field.predicted)?.predicted : undefined;
	const whyText = why ? clip(`✖ ${why}`, width, whyLines) : predicted ? clip(`✔ as predicted: ${predicted}`, width, whyLines) : [];
	const engineText = clip(engineLine, width, engineLines);
	while (engineText.length < engineLines) engineText.push(' ');
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold>
					Step {index + 1}/{count} · {step.title}
				</Text>
				<Text dimColor> {live ? '(live)' : status === 'live' ? '(ended; its last requests still finishing)' : '(recorded)'}</Text>
			</Text>
			{engineText.map((line, i) => (
				<Text key={`e-${String(i)}`} wrap="truncate" color={result && !result.ok ? 'yellow' : undefined}>
					{line}
				</Text>
			))}
			<Text dimColor wrap="truncate">
				{pad('', 10)}
				{pad('expected', expectedColumn)}
				{/* The header says where failures count, when it fits whole. */}
				{measuredColumn + 12 >= 39 ? 'measured (failures where they happened)' : 'measured (failures by step)'}
			</Text>
			{fields.map(field => {
				const style = !final
					? statusStyle.live
					: field.verdict === 'pending'
						? statusStyle.unmeasured
						: field.verdict === 'match' && field.predicted
							? statusStyle.predicted
							: verdictStyle[field.verdict];
				return (
					<Text key={field.field} wrap="truncate">
						<Text>{pad(fieldLabel[field.field], 10)}</Text>
						<Text>{pad(fit(expectedText(field), expectedColumn - 1), expectedColumn)}</Text>
						<Text>{pad(fit(field.measured, measuredColumn - 1), measuredColumn)}</Text>
						<Text color={style.color}>
							{style.symbol} {style.word}
						</Text>
					</Text>
				);
			})}
			{whyText.map((line, i) => (
				<Text key={`why-${String(i)}`} color="red" wrap="truncate">
					{fit(line, width)}
				</Text>
			))}
		</Box>
	);
}
