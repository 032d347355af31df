import {Box, Text} from 'ink';
import type {RunSnapshot} from '../../engine/index.js';
import {judgeStep} from '../../lessons/compare.js';
import {type Lesson} from '../../lessons/schema.js';
import {versionNames} from '../../lessons/settings.js';
import {wrap} from '../../shared/format.js';
import type {DeployModeId} from '../../lessons/modes.js';
import CodeWindow from '../widgets/CodeWindow.js';
import Counters from '../widgets/Counters.js';
import CountersLine from '../widgets/CountersLine.js';
import ExecTable from '../widgets/ExecTable.js';
import Pane from '../widgets/Pane.js';
import ScrollText from '../widgets/ScrollText.js';
import StepDetail, {engineLineOf, engineRows} from '../widgets/StepDetail.js';
import StepList from '../widgets/StepList.js';
import Timeline from '../widgets/Timeline.js';
import Tracker from '../widgets/Tracker.js';
import {unreachable} from '../../shared/unreachable.js';

type Props = {
	mode: DeployModeId;
	lesson: Lesson;
	/** The run as it is. */
	snapshot: RunSnapshot;
	/** What the counters show: the run, or a recording of it at the step viewed. */
	shown: RunSnapshot;
	recordedAt: number | undefined;
	/** The step on screen (index). */
	viewing: number;
	pane: 'explain' | 'code';
	busyStep: number | undefined;
	live: boolean;
	/** The step on screen is being performed. */
	busy: boolean;
	width: number;
	rows: number;
	momentIndex: number | undefined;
	/** The keys reach it: ↑ ↓ scroll a text that does not fit. */
	inputActive: boolean;
};

/** The body of a deploy screen in one of its four modes, between the header and the footer. */
export default function ModeBody(props: Props) {
	const {mode, lesson, snapshot, shown, recordedAt, viewing, pane, busyStep, live, busy, width, rows, momentIndex, inputActive} = props;
	const step = lesson.steps[viewing]!;
	const measured = snapshot.steps[viewing];
	const whyLine = (() => {
		const judged = judgeStep(step, measured, false, versionNames(lesson));
		const predicted = judged.fields.find(field => field.predicted)?.predicted;
		if (judged.status === 'predicted') return `✔ step ${viewing + 1}, as predicted: ${predicted!}`;
		if (judged.status !== 'differs') return '';
		const why = judged.fields
			.filter(field => field.verdict === 'differs' && field.why)
			.map(field => field.why!)
			.join(' · ');
		return why ? `✖ step ${viewing + 1}: ${why}` : '';
	})();
	const stepDetail = (whyLines: number, engineLines = 1) => (
		<StepDetail
			names={versionNames(lesson)}
			index={viewing}
			count={lesson.steps.length}
			step={step}
			measured={measured}
			live={live}
			busy={busy}
			width={width}
			whyLines={whyLines}
			engineLines={engineLines}
		/>
	);

	switch (mode) {
		case 'guided': {
			const leftWidth = 38;
			const topRows = Math.max(lesson.steps.length + 1, 8);
			const whyLines = rows >= 28 ? 2 : 1;
			// The engine's sentence wraps, never cut: it takes the rows it needs (up to 3), the pane below what is left.
			const engineLines = engineRows(measured, busy, width, rows >= 28 ? 2 : 1);
			const paneRows = rows - (2 + topRows + 2 + 5 + engineLines + whyLines + 1);
			return (
				<>
					<Box height={topRows}>
						<StepList steps={lesson.steps} measured={snapshot.steps} viewing={viewing} busyStep={busyStep} width={leftWidth} />
						<Box marginLeft={2}>
							<Counters snapshot={shown} width={width - leftWidth - 2} recordedAt={recordedAt} names={versionNames(lesson)} />
						</Box>
					</Box>
					{/* The same instant as the counters: live, or the end of the recorded step. */}
					<Timeline
						data={shown.timeline}
						width={width}
						untilMs={shown.finished ? undefined : shown.at}
						steps={shown.steps.map(s => s.startedAt)}
						names={versionNames(lesson)}
						gapMs={shown.gapMs}
					/>
					{stepDetail(whyLines, engineLines)}
					<Box height={Math.max(0, paneRows)} overflow="hidden">
						<Pane
							lesson={lesson}
							step={step}
							stepNumber={viewing + 1}
							mode={pane}
							width={width}
							rows={paneRows}
							momentIndex={momentIndex}
							active={inputActive}
						/>
					</Box>
				</>
			);
		}

		case 'table': {
			return (
				<>
					<ExecTable
						steps={lesson.steps}
						measured={snapshot.steps}
						viewing={viewing}
						busyStep={busyStep}
						width={width}
						names={versionNames(lesson)}
					/>
					<Text color="red" wrap="truncate">
						{whyLine || ' '}
					</Text>
					<CountersLine snapshot={shown} names={versionNames(lesson)} />
				</>
			);
		}

		case 'tracker': {
			const engineLines = engineRows(measured, busy, width, 1);
			const noteRows = Math.max(0, rows - (2 + 7 + 1 + 6 + engineLines + 2 + 1));
			return (
				<>
					<Tracker lesson={lesson} measured={snapshot.steps} width={width} />
					<Box marginTop={1} flexDirection="column">
						{stepDetail(1, engineLines)}
					</Box>
					<CountersLine snapshot={shown} names={versionNames(lesson)} />
					<ScrollText key={step.note} lines={wrap(step.note, width)} rows={noteRows} active={inputActive} dim />
				</>
			);
		}

		case 'code': {
			const engineLines = engineRows(measured, busy, width, 1);
			// The note takes the rows it needs (up to 4; past that it scrolls), the code what is left.
			const note = wrap(step.note, width);
			const noteRows = Math.min(note.length, 4);
			const codeRows = Math.max(3, rows - (2 + 1 + noteRows + 1 + engineLines + 2 + 1));
			return (
				<>
					<CodeWindow lesson={lesson} step={step} width={width} rows={Math.min(codeRows, lesson.code.length)} />
					<Text bold wrap="truncate">
						Step {viewing + 1}/{lesson.steps.length} · {step.title} <Text dimColor>{live ? '(live)' : '(recorded)'}</Text>
					</Text>
					<ScrollText key={step.note} lines={note} rows={noteRows} active={inputActive} />
					{wrap(engineLineOf(measured, busy), width)
						.slice(0, engineLines)
						.map((line, i) => (
							<Text key={`e-${String(i)}`} dimColor>
								{line}
							</Text>
						))}
					<Text color="red" wrap="truncate">
						{whyLine || ' '}
					</Text>
					<CountersLine snapshot={shown} names={versionNames(lesson)} />
				</>
			);
		}

		default: {
			return unreachable(mode, 'mode');
		}
	}
}
