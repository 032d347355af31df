import {seededRandom} from '../../engine/index.js';
import type {QuizQuestion} from '../../lessons/schema.js';
import {unreachable} from '../../shared/unreachable.js';

/** One attempt at a lesson's quiz. Pure: rendering and keys live elsewhere. */
export type QuizState = {
	/** Each question's options in this attempt's order. */
	options: string[][];
	index: number;
	cursor: number;
	/** The option chosen for each question, once answered. */
	answers: Array<string | undefined>;
	phase: 'asking' | 'answered' | 'done';
	hint: boolean;
	attempt: number;
};

export type QuizAction =
	| {type: 'move'; by: number}
	| {type: 'choose'; option?: number}
	| {type: 'next'}
	| {type: 'hint'}
	| {type: 'retry'; questions: readonly QuizQuestion[]; seed: number};

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j]!, copy[i]!];
	}

	return copy;
}

export function startQuiz(questions: readonly QuizQuestion[], seed: number, attempt = 1): QuizState {
	const random = seededRandom(seed);
	return {
		options: questions.map(question => shuffled(question.options, random)),
		index: 0,
		cursor: 0,
		answers: questions.map(() => undefined),
		phase: 'asking',
		hint: false,
		attempt,
	};
}

export function score(state: QuizState, questions: readonly QuizQuestion[]): number {
	return questions.filter((question, i) => state.answers[i] === question.answer).length;
}

export function quizReducer(state: QuizState, action: QuizAction): QuizState {
	switch (action.type) {
		case 'move': {
			if (state.phase !== 'asking') return state;
			const count = state.options[state.index]!.length;
			return {...state, cursor: (state.cursor + action.by + count) % count};
		}

		case 'choose': {
			if (state.phase !== 'asking') return state;
			const options = state.options[state.index]!;
			const pick = action.option ?? state.cursor;
			if (pick < 0 || pick >= options.length) return state;
			const answers = [...state.answers];
			answers[state.index] = options[pick];
			return {...state, cursor: pick, answers, phase: 'answered'};
		}

		case 'next': {
			if (state.phase !== 'answered') return state;
			if (state.index + 1 >= state.options.length) return {...state, phase: 'done'};
			return {...state, index: state.index + 1, cursor: 0, phase: 'asking', hint: false};
		}

		case 'hint': {
			return state.phase === 'asking' ? {...state, hint: !state.hint} : state;
		}

		case 'retry': {
			return startQuiz(action.questions, action.seed, state.attempt + 1);
		}

		default: {
			return unreachable(action, 'action');
		}
	}
}
