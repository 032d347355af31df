import {Box} from 'ink';
import {useState} from 'react';
import type {Lab, RunSnapshot} from '../../engine/index.js';
import type {Lesson} from '../../lessons/schema.js';
import {recordRun} from '../../lessons/summary.js';
import type {DeployModeId, ModeId} from '../../lessons/modes.js';
import type {Progress, ProgressStore} from '../../progress/store.js';
import CheckServer from './CheckServer.js';
import Exercises from './Exercises.js';
import {exercisePassed, nextExercise, recordCheck} from '../../exercises/progress.js';
import Practice from './Practice.js';
import {exerciseFile, writeStarter} from '../../exercises/files.js';
import type {Exercise} from '../../exercises/schema.js';
import DeployScreen from './DeployScreen.js';
import {TooSmall} from './TooSmall.js';
import KeyMoments from './KeyMoments.js';
import Menu from './Menu.js';
import ModeMenu from './ModeMenu.js';
import Quiz from './Quiz.js';
import Reader, {readerLines} from './Reader.js';
import Sandbox from './Sandbox.js';
import {SettingsContext, type Settings} from '../state/settings.js';
import {ListMemoryContext, type ListMemory} from '../state/list-memory.js';
import type {Screen} from '../state/screen.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useProgress} from '../hooks/use-progress.js';
import {useKeys} from '../hooks/keys.js';
import {useExit, useInputActive} from '../Root.js';
import {unreachable} from '../../shared/unreachable.js';

export type {Screen} from '../state/screen.js';

type Props = {
	lab: Lab;
	lessons: readonly Lesson[];
	initial?: Screen;
	store?: ProgressStore;
	progress?: Progress;
	warning?: string;
	settings?: Settings;
	exercises?: readonly Exercise[];
	/** Where exercise files go (./zdd-learn-exercises/<id>/ under it); the working directory by default. */
	exerciseDir?: string;
};

const menuMinSize = {columns: 50, rows: 16};
const deployModes = new Set<ModeId>(['guided', 'table', 'tracker', 'code']);

/** The lessons: which screen is on, and the learner's progress. Screens say they are done; leaving the app goes through useExit. */
export default function App({
	lab,
	lessons,
	initial,
	store,
	progress: initialProgress,
	warning: initialWarning,
	settings,
	exercises = [],
	exerciseDir = process.cwd(),
}: Props) {
	const exit = useExit();
	const inputActive = useInputActive();
	const size = useTerminalSize();
	const [screen, setScreen] = useState<Screen>(initial ?? {name: 'lessons'});
	// Where the learner left each list, so that coming back to one puts the cursor there.
	const [listMemory] = useState<ListMemory>(() => new Map());
	const {progress, update, warning, setWarning} = useProgress(store, initialProgress, initialWarning);
	const knownIds = new Set(lessons.map(lesson => lesson.id));
	const lesson = 'lesson' in screen ? lessons.find(l => l.id === screen.lesson) : undefined;
	const fileOf = (exercise: Exercise) => exerciseFile(exercise, undefined, exerciseDir);
	/** Opens an exercise: its file, for the learner's editor, is the starter unless they have one already. */
	const practise = (exercise: Exercise, from?: string) => {
		try {
			writeStarter(exercise, fileOf(exercise));
		} catch (error: unknown) {
			setWarning(`could not write ${fileOf(exercise)}: ${error instanceof Error ? error.message : String(error)}`);
			setScreen({name: 'lessons'});
			return;
		}

		setScreen({name: 'practice', exercise: exercise.id, ...(from ? {lesson: from} : {})});
	};
	const menuTooSmall =
		(screen.name === 'lessons' || screen.name === 'modes') && (size.columns < menuMinSize.columns || size.rows < menuMinSize.rows);

	const open = (target: Screen) => {
		if (target.name === 'mode' && target.mode !== 'moments') {
			update(draft => {
				draft.last = {lesson: target.lesson, mode: target.mode, step: 0};
			});
		}

		setScreen(target);
	};

	// Behind the "too small" message of a menu, q and Esc quit (useKeys: the handler of the frame on screen).
	useKeys(
		(input, key) => {
			if (menuTooSmall && (input === 'q' || key.escape)) exit('quit');
		},
		{isActive: inputActive},
	);

	const body = () => {
		if (menuTooSmall) {
			return <TooSmall size={size} min={menuMinSize} action="q quits" />;
		}

		if (screen.name === 'exercises') {
			const from = screen.lesson;
			return (
				<Exercises
					exercises={from ? exercises.filter(e => e.lesson === from) : exercises}
					progress={progress}
					width={Math.min(size.columns - 1, 100)}
					inputActive={inputActive}
					leaveLabel={from ? 'back to the ways to learn' : 'back to the menu'}
					memory={`exercises:${from ?? 'all'}`}
					onOpen={id => {
						practise(
							exercises.find(e => e.id === id)!,
							from,
						);
					}}
					onLeave={() => {
						setScreen(from ? {name: 'modes', lesson: from} : {name: 'lessons'});
					}}
				/>
			);
		}

		if (screen.name === 'practice') {
			const exercise = exercises.find(e => e.id === screen.exercise)!;
			const from = screen.lesson;
			const siblings = from ? exercises.filter(e => e.lesson === from) : exercises;
			return (
				<Practice
					key={exercise.id}
					exercise={exercise}
					file={fileOf(exercise)}
					own={dispose => lab.own({dispose})}
					leaveLabel="back"
					onResult={passed => {
						update(draft => {
							recordCheck(draft, exercise.id, passed);
						});
					}}
					onLeave={() => {
						setScreen(from && siblings.length === 1 ? {name: 'modes', lesson: from} : {name: 'exercises', ...(from ? {lesson: from} : {})});
					}}
					{...nextOffer(nextExercise(siblings, exercise, progress))}
				/>
			);
		}

		if (screen.name === 'verify') {
			return (
				<CheckServer
					lab={lab}
					size={size}
					inputActive={inputActive}
					last={progress.verify?.last}
					onRemember={path => {
						update(draft => {
							draft.verify = {last: path};
						});
					}}
					onLeave={() => {
						setScreen({name: 'lessons'});
					}}
				/>
			);
		}

		if (screen.name === 'lessons' || !lesson) {
			return (
				<Menu
					lessons={lessons}
					progress={progress}
					warning={warning}
					from={screen.name === 'lessons' ? screen.from : undefined}
					width={Math.min(size.columns - 1, 100)}
					rows={size.rows}
					inputActive={inputActive}
					onOpen={id => {
						setScreen({name: 'modes', lesson: id});
					}}
					onResume={() => {
						const last = progress.last!;
						const stopAt = deployModes.has(last.mode as ModeId) && last.step > 0 ? last.step : undefined;
						setScreen({name: 'mode', lesson: last.lesson, mode: last.mode as ModeId, stopAt});
					}}
					onVerify={() => {
						setScreen({name: 'verify'});
					}}
					exercises={{
						count: exercises.length,
						passed: exercises.filter(e => exercisePassed(progress, e.id)).length,
						onOpen: () => {
							setScreen({name: 'exercises'});
						},
					}}
					onQuit={() => {
						exit('quit');
					}}
				/>
			);
		}

		const toModes = () => {
			setScreen({name: 'modes', lesson: lesson.id});
		};

		if (screen.name === 'modes') {
			return (
				<ModeMenu
					lesson={lesson}
					progress={progress.lessons[lesson.id]}
					width={Math.min(size.columns - 1, 100)}
					rows={size.rows}
					inputActive={inputActive}
					exercises={exercises.filter(e => e.lesson === lesson.id).length}
					onChoose={mode => {
						if (mode !== 'exercise') {
							open({name: 'mode', lesson: lesson.id, mode});
							return;
						}

						const own = exercises.filter(e => e.lesson === lesson.id);
						if (own.length === 1) practise(own[0]!, lesson.id);
						else setScreen({name: 'exercises', lesson: lesson.id});
					}}
					onBack={() => {
						setScreen({name: 'lessons', from: lesson.id});
					}}
				/>
			);
		}

		const leave = toModes;

		switch (screen.mode) {
			case 'guided':
			case 'table':
			case 'tracker':
			case 'code': {
				const mode: DeployModeId = screen.mode;
				return (
					<DeployScreen
						key={`${mode}-${String(screen.stopAt)}`}
						lab={lab}
						lesson={lesson}
						mode={mode}
						knownIds={knownIds}
						size={size}
						inputActive={inputActive}
						stopAt={screen.stopAt}
						onLeave={leave}
						onOpenLesson={id => {
							setScreen({name: 'modes', lesson: id});
						}}
						onStep={step => {
							update(draft => {
								draft.last = {lesson: lesson.id, mode, step};
							});
						}}
						onFinished={(final: RunSnapshot, auto: boolean) => {
							update(draft => {
								const entry = (draft.lessons[lesson.id] ??= {completed: false});
								entry.completed = true;
								entry.lastRun = recordRun(final, auto);
							});
						}}
					/>
				);
			}

			case 'moments': {
				return <KeyMoments lab={lab} lesson={lesson} knownIds={knownIds} size={size} inputActive={inputActive} onLeave={toModes} />;
			}

			case 'quiz': {
				return (
					<Quiz
						lab={lab}
						lesson={lesson}
						knownIds={knownIds}
						lastRun={progress.lessons[lesson.id]?.lastRun}
						saved={progress.lessons[lesson.id]?.quiz}
						size={size}
						inputActive={inputActive}
						onDone={(score, of) => {
							update(draft => {
								const entry = (draft.lessons[lesson.id] ??= {completed: false});
								const before = entry.quiz;
								entry.quiz = {best: Math.max(score, before?.best ?? 0), of, attempts: (before?.attempts ?? 0) + 1};
							});
						}}
						onLeave={leave}
					/>
				);
			}

			case 'snapshot':
			case 'transcript': {
				return (
					<Reader
						key={screen.mode}
						title={`${lesson.title} · ${screen.mode === 'snapshot' ? 'Snapshot' : 'Transcript'}`}
						lines={readerLines(lesson, screen.mode, Math.min(size.columns - 1, 100))}
						size={size}
						inputActive={inputActive}
						onLeave={leave}
					/>
				);
			}

			case 'sandbox': {
				return <Sandbox lab={lab} lesson={lesson} size={size} inputActive={inputActive} onLeave={leave} />;
			}

			default: {
				return unreachable(screen.mode, 'mode');
			}
		}
	};

	return (
		<SettingsContext.Provider value={settings ?? {reducedMotion: false}}>
			<ListMemoryContext.Provider value={listMemory}>
				<Box flexDirection="column">{body()}</Box>
			</ListMemoryContext.Provider>
		</SettingsContext.Provider>
	);
}

/** The next exercise, as the practice screen offers it after a pass. */
function nextOffer(after: Exercise | undefined): {next?: {title: string; how: string}} {
	return after ? {next: {title: after.title, how: 'q, then choose it'}} : {};
}
