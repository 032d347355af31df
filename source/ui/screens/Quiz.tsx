import {Box, Text} from 'ink';
import {useReducer, useState} from 'react';
import type {Lab, RunSnapshot} from '../../engine/index.js';
import {type Lesson} from '../../lessons/schema.js';
import {requirementMet, requirementText} from '../../lessons/requires.js';
import {quotedFigure, type RunRecord} from '../../lessons/summary.js';
import {wrap} from '../../shared/format.js';
import {useDetour} from './Detour.js';
import Footer from '../widgets/Footer.js';
import Help from '../widgets/Help.js';
import {bindings, type Keymap} from '../keymap.js';
import {useHelp} from '../hooks/use-help.js';
import {quizReducer, score, startQuiz, type QuizState} from '../state/quiz-state.js';
import {useSettings} from '../state/settings.js';
import type {Size} from '../hooks/use-terminal-size.js';
import {useKeys} from '../hooks/keys.js';

type Props = {
	lab: Lab;
	lesson: Lesson;
	knownIds: ReadonlySet<string>;
	lastRun: RunRecord | undefined;
	/** The saved results of earlier attempts: this one is the next, and the best so far is shown. */
	saved?: {best: number; of: number; attempts: number};
	size: Size;
	inputActive: boolean;
	onDone: (score: number, of: number) => void;
	onLeave: () => void;
};

const letters = 'ABCDEF';

type KeymapState = {
	phase: QuizState['phase'];
	hint: boolean;
	/** How many options the question has (A–C for three). */
	options: number;
	/** The question is the last one. */
	last: boolean;
	/** The hint names another way, which p runs beside the lesson. */
	compare: boolean;
};

function keymap({phase, hint, options, last, compare}: KeymapState): Keymap {
	const asking = phase === 'asking';
	return {
		title: 'quiz',
		bindings: [
			{...bindings.choose('an option'), now: asking},
			{
				keys: 'Enter',
				help: 'answer; then the next question',
				footer: phase === 'answered' ? (last ? 'score' : 'next question') : 'answer',
				now: phase !== 'done',
			},
			{keys: `A–${letters[options - 1]!}`, help: 'answer with the option letter', footer: 'letter', now: asking},
			{keys: 'h', help: 'hint: the step to look at', footer: hint ? 'hide hint' : 'hint', now: asking},
			{
				keys: 'p',
				help: 'with the hint open: replay the deploy to that step (or run the way it names beside the lesson)',
				footer: compare ? 'compare' : 'replay',
				now: asking && hint,
			},
			{keys: 'r', help: 'at the end: try again (options reshuffled)', footer: 'try again', now: phase === 'done'},
			bindings.help,
			bindings.leave('back to the modes', 'back'),
			bindings.quit,
		],
	};
}

/**
 * The hint, without its step number when the number is the answer ("At which step…?"),
 * and what p replays: the deploy to its step, or the contrast it names beside the lesson.
 */
export function hintText(
	question: {answer: string; hint: {step: number; text: string; contrast?: string; keepAlive?: boolean}},
	contrastTitle?: string,
): string {
	const {step, text} = question.hint;
	const replay = contrastTitle
		? `Press p to run “${contrastTitle}” beside the lesson, on fresh servers.`
		: question.hint.keepAlive
			? `Press p to replay the deploy to step ${step} with keep-alive clients.`
			: undefined;
	return new RegExp(`\\bstep ${step}\\b`, 'i').test(question.answer)
		? `Hint: ${text} ${replay ?? 'Press p to replay the deploy to the step it points at.'}`
		: `Hint · step ${step}: ${text} ${replay ?? `Press p to replay the deploy to step ${step}.`}`;
}

function freshSeed(): number {
	return Math.floor(Math.random() * 2 ** 31);
}

/** The quiz: one question at a time, explained with figures from the learner's run. */
export default function Quiz({lab, lesson, knownIds, lastRun, saved, size, inputActive, onDone, onLeave}: Props) {
	const {seed} = useSettings();
	const questions = lesson.quiz;
	// The attempt after the saved ones (the first, with none saved); a fixed seed shuffles the first one here as it always did.
	const [first] = useState(() => (saved?.attempts ?? 0) + 1);
	const [state, dispatch] = useReducer(quizReducer, undefined, () => startQuiz(questions, seed ?? freshSeed(), first));
	const help = useHelp();
	// The replay the learner just watched, if any: the explanations quote it, not an older run.
	const [watched, setWatched] = useState<RunSnapshot | undefined>();
	const detour = useDetour({lab, lesson, knownIds, size, inputActive, leaveLabel: 'quiz', onWatched: setWatched});
	const question = questions[state.index]!;
	const hintContrast = question.hint.contrast === undefined ? undefined : lesson.contrasts.find(c => c.id === question.hint.contrast);
	const options = state.options[state.index]!;
	const width = Math.min(size.columns - 1, 100);

	useKeys(
		(input, key) => {
			if (help.keys(input, key)) return;
			const letter = letters.indexOf(input.toUpperCase());
			if (input === 'q' || key.escape) {
				onLeave();
			} else if (state.phase === 'done') {
				if (input === 'r') dispatch({type: 'retry', questions, seed: seed === undefined ? freshSeed() : seed + state.attempt - first + 1});
			} else if (state.phase === 'answered') {
				if (key.return || key.rightArrow || input === ' ') {
					const last = state.index + 1 >= questions.length;
					dispatch({type: 'next'});
					if (last) onDone(score(state, questions), questions.length);
				}
			} else if (key.upArrow) {
				dispatch({type: 'move', by: -1});
			} else if (key.downArrow) {
				dispatch({type: 'move', by: 1});
			} else if (key.return) {
				dispatch({type: 'choose'});
			} else if (input.length === 1 && letter >= 0 && letter < options.length) {
				dispatch({type: 'choose', option: letter});
			} else if (input === 'h') {
				dispatch({type: 'hint'});
			} else if (input === 'p' && state.hint) {
				detour.open(
					hintContrast
						? {kind: 'compare', contrast: hintContrast.id}
						: {kind: 'replay', step: question.hint.step, keepAlive: question.hint.keepAlive},
				);
			}
		},
		{isActive: inputActive && !detour.shown},
	);

	if (detour.shown) return detour.shown;

	const header = (
		<Text wrap="truncate">
			<Text bold color="cyan">
				Quiz
			</Text>
			<Text> · {lesson.title}</Text>
			<Text dimColor>
				{' '}
				· attempt {state.attempt}
				{saved && saved.attempts > 0 ? ` · best ${saved.best}/${saved.of}` : ''}
				{state.phase === 'done' ? '' : ` · question ${state.index + 1} of ${questions.length}`}
			</Text>
		</Text>
	);

	const keys = keymap({
		phase: state.phase,
		hint: state.hint,
		options: options.length,
		last: state.index + 1 >= questions.length,
		compare: hintContrast !== undefined,
	});
	if (help.open) {
		return (
			<Box flexDirection="column" width={width}>
				{header}
				<Help keymap={keys} />
			</Box>
		);
	}

	if (state.phase === 'done') {
		const right = score(state, questions);
		const wrong = questions.map((q, i) => [q, state.answers[i]] as const).filter(([q, answer]) => answer !== q.answer);
		return (
			<Box flexDirection="column" width={width}>
				{header}
				<Box marginTop={1}>
					<Text bold color={right === questions.length ? 'green' : 'yellow'}>
						{right === questions.length ? '✔' : '◐'} Score: {right} of {questions.length}
					</Text>
				</Box>
				{wrong.length > 0 ? (
					<Box flexDirection="column" marginTop={1}>
						<Text bold>To review</Text>
						{wrong.slice(0, Math.max(1, Math.floor((size.rows - 8) / 3))).map(([q, answer]) => (
							<Box key={q.question} flexDirection="column">
								<Text wrap="truncate">✖ {q.question}</Text>
								<Text wrap="truncate" dimColor>
									{'  '}you: {answer}
								</Text>
								<Text wrap="truncate" color="green">
									{'  '}✔ {q.answer}
								</Text>
							</Box>
						))}
					</Box>
				) : null}
				<Box marginTop={1}>
					<Footer keymap={keys} />
				</Box>
			</Box>
		);
	}

	const chosen = state.answers[state.index];
	const correct = chosen === question.answer;
	const figure = question.figure ? quotedFigure(question.figure, watched, lastRun) : undefined;
	return (
		<Box flexDirection="column" width={width}>
			{header}
			<Box marginTop={1} flexDirection="column">
				{wrap(question.question, width).map((line, i) => (
					<Text key={`q-${String(i)}`} bold>
						{line}
					</Text>
				))}
			</Box>
			<Box marginTop={1} flexDirection="column">
				{options.map((option, i) => {
					const here = state.phase === 'asking' && i === state.cursor;
					const mark = state.phase === 'answered' ? (option === question.answer ? '✔' : option === chosen ? '✖' : ' ') : here ? '❯' : ' ';
					const color =
						state.phase === 'answered'
							? option === question.answer
								? 'green'
								: option === chosen
									? 'red'
									: undefined
							: here
								? 'cyan'
								: undefined;
					return (
						<Box key={option}>
							<Text color={color}>
								{mark} {letters[i]}.{' '}
							</Text>
							<Box flexShrink={1}>
								<Text color={color}>{option}</Text>
							</Box>
						</Box>
					);
				})}
			</Box>
			{state.phase === 'asking' && state.hint ? (
				<Box marginTop={1} flexDirection="column">
					{wrap(hintText(question, hintContrast?.title), width).map((line, i) => (
						<Text key={`h-${String(i)}`} color="yellow">
							{line}
						</Text>
					))}
				</Box>
			) : null}
			{state.phase === 'answered' ? (
				<Box marginTop={1} flexDirection="column">
					{wrap(correct ? '✔ Right.' : `✖ Not quite. The answer: ${question.answer}`, width).map((line, i) => (
						<Text key={`a-${String(i)}`} bold color={correct ? 'green' : 'red'}>
							{line}
						</Text>
					))}
					{wrap(question.explanation, width).map((line, i) => (
						<Text key={`e-${String(i)}`}>{line}</Text>
					))}
					{question.figure ? (
						<Text color="cyan" wrap="wrap">
							{figure
								? `${figure}${requirementMet(lesson) ? '' : ` On Node ${process.versions.node} on ${process.platform} that run showed the fallback, not what the lesson teaches (it needs ${requirementText(lesson.requires!)}).`}`
								: 'Play the guided deploy to the end to see this in your own numbers.'}
						</Text>
					) : null}
				</Box>
			) : null}
			<Box marginTop={1}>
				<Footer keymap={keys} />
			</Box>
		</Box>
	);
}
