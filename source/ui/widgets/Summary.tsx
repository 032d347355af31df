import {Box, Text} from 'ink';
import OutcomeCount from './OutcomeCount.js';
import Timeline from './Timeline.js';
import {failures, type RunSnapshot} from '../../engine/index.js';
import {judgeStep} from '../../lessons/compare.js';
import {statusStyle, measuredColor} from '../theme.js';
import {type Lesson} from '../../lessons/schema.js';
import {versionNames} from '../../lessons/settings.js';
import {summarize} from '../../lessons/summary.js';
import {ms, percent, wrap} from '../../shared/format.js';

type Props = {
	lesson: Lesson;
	snapshot: RunSnapshot;
	/** Steps the learner ended by hand (their length was reading time); none when auto-played. */
	handSteps?: ReadonlySet<number>;
	knownIds: ReadonlySet<string>;
	width: number;
	/** The next lessons open with their number key. */
	linked?: boolean;
};

/** The end of a run: what was measured, and the verdict in plain words. */
export default function Summary({lesson, snapshot, handSteps = new Set(), knownIds, width, linked = false}: Props) {
	const names = versionNames(lesson);
	const links = lesson.next.filter(next => knownIds.has(next.id));
	const byHand = handSteps.size > 0;
	const s = summarize(snapshot, lesson);
	const {judgement} = s;
	const judged = lesson.steps.map((step, index) => judgeStep(step, snapshot.steps[index]).status);
	// A legend for the marks on screen only.
	const legend = [...new Set(judged.filter(mark => mark !== 'match'))].map(mark => `${statusStyle[mark].symbol} ${statusStyle[mark].word}`);
	return (
		<Box flexDirection="column" width={width}>
			<Text bold wrap="truncate">
				Summary of this run <Text dimColor>{byHand ? '(stepped by hand)' : '(auto-played at real speed)'}</Text>
			</Text>
			{snapshot.finished ? null : <Text color="yellow">Waiting for the last {snapshot.totals.inFlight} in flight…</Text>}
			<Text wrap="truncate">
				sent {s.sent} · <OutcomeCount kind="old" n={s.old} word={`by ${names.old}`} /> ·{' '}
				<OutcomeCount kind="new" n={s.new} word={`by ${names.new}`} /> · <Text bold>{percent(s.failed, s.sent)} failed</Text>
			</Text>
			<Text wrap="truncate">
				<OutcomeCount kind="refused" n={s.refused} /> · <OutcomeCount kind="reset" n={s.reset} /> ·{' '}
				<OutcomeCount kind="status5xx" n={s.status5xx} /> · <OutcomeCount kind="timeout" n={s.timeout} word="timed out" /> ·{' '}
				<OutcomeCount kind="other" n={s.other} />
			</Text>
			<Text wrap="truncate">
				gap, first to last failure: <Text bold>{s.gapMs === undefined ? 'none' : ms(s.gapMs)}</Text> · p50 {ms(s.p50)} · p99 {ms(s.p99)} ·
				max {ms(s.max)}
			</Text>
			{[...handSteps].some(index => (snapshot.steps[index] ? failures(snapshot.steps[index].counts) : 0) > 0) ? (
				<Text color="yellow" wrap="truncate">
					Requests failed in a step you ended by hand: the gap includes reading time.
				</Text>
			) : null}
			<Box width={width}>
				<Text>
					Steps{' '}
					{judged.map((mark, index) => (
						<Text key={`m-${String(index)}`} color={mark === 'match' ? undefined : statusStyle[mark].color}>
							{statusStyle[mark].symbol}
							{index + 1}{' '}
						</Text>
					))}
					({[...legend, '← to look'].join('; ')})
				</Text>
			</Box>
			<Timeline
				data={snapshot.timeline}
				width={width}
				steps={snapshot.steps.map(step => step.startedAt)}
				names={names}
				gapMs={snapshot.gapMs}
			/>
			<Box marginTop={1} flexDirection="column">
				{wrap(judgement.headline, width).map((line, i) => (
					<Text key={`v-${String(i)}`} bold color={measuredColor(judgement.measuredZero)}>
						{line}
					</Text>
				))}
				{wrap(judgement.claimLine, width).map((line, i) => (
					<Text key={`c-${String(i)}`}>{line}</Text>
				))}
				{[judgement.why, judgement.machine].filter(Boolean).flatMap((text, j) =>
					wrap(text!, width).map((line, i) => (
						<Text key={`w-${String(j)}-${String(i)}`} color="yellow">
							{line}
						</Text>
					)),
				)}
			</Box>
			{lesson.next.length > 0 ? (
				<Box marginTop={1} flexDirection="column">
					<Text bold>{judgement.measuredZero ? 'Where to go next' : 'What fixes it'}</Text>
					{lesson.next.map(next => {
						const key = links.indexOf(next);
						const lead = linked && key >= 0 ? `${key + 1} → ` : '→ ';
						return (
							<Text key={next.id} wrap="truncate">
								<Text color={linked && key >= 0 ? 'cyan' : undefined} bold={linked && key >= 0}>
									{lead}
								</Text>
								{next.title}
								{knownIds.has(next.id) ? '' : ' (coming)'}: {next.why}
							</Text>
						);
					})}
				</Box>
			) : null}
			{lesson.contrasts.length > 0 && snapshot.finished ? (
				<Text wrap="truncate" dimColor>
					v: run {lesson.contrasts.map(c => c.short ?? c.title).join(', ')} beside it
				</Text>
			) : null}
		</Box>
	);
}
