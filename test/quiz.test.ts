import {describe, expect, it} from 'vitest';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import {figureText} from '../source/lessons/summary.js';
import {quizReducer, score, startQuiz, type QuizAction, type QuizState} from '../source/ui/state/quiz-state.js';

const [lesson] = await loadLessons(bundledLessonsDir);
const questions = lesson!.quiz;

function apply(state: QuizState, ...actions: QuizAction[]): QuizState {
	return actions.reduce(quizReducer, state);
}

describe('the quiz', () => {
	it('shuffles options per attempt, reproducibly for a seed, keeping every option', () => {
		const a = startQuiz(questions, 7);
		const b = startQuiz(questions, 7);
		const c = startQuiz(questions, 8);
		expect(a.options).toEqual(b.options);
		expect(a.options).not.toEqual(c.options);
		for (const [i, options] of a.options.entries()) expect([...options].sort()).toEqual([...questions[i]!.options].sort());
	});

	it('answers with the cursor or a letter, then moves on; scores right answers', () => {
		let state = startQuiz(questions, 1);
		const right = state.options[0]!.indexOf(questions[0]!.answer);
		state = apply(state, {type: 'choose', option: right});
		expect(state.phase).toBe('answered');
		expect(apply(state, {type: 'choose', option: 0})).toEqual(state);
		state = apply(state, {type: 'next'});
		expect(state).toMatchObject({index: 1, phase: 'asking', cursor: 0});
		const wrong = state.options[1]!.findIndex(option => option !== questions[1]!.answer);
		state = apply(state, {type: 'move', by: wrong}, {type: 'choose'});
		expect(state.answers[1]).not.toBe(questions[1]!.answer);
		expect(score(state, questions)).toBe(1);
	});

	it('the cursor wraps; hints toggle only while asking', () => {
		const state = startQuiz(questions, 1);
		expect(apply(state, {type: 'move', by: -1}).cursor).toBe(state.options[0]!.length - 1);
		expect(apply(state, {type: 'hint'}).hint).toBe(true);
		expect(apply(state, {type: 'choose'}, {type: 'hint'}).hint).toBe(false);
	});

	it('ends after the last question; retry starts a new attempt', () => {
		let state = startQuiz(questions, 1);
		for (let i = 0; i < questions.length; i++) state = apply(state, {type: 'choose'}, {type: 'next'});
		expect(state.phase).toBe('done');
		const again = apply(state, {type: 'retry', questions, seed: 2});
		expect(again).toMatchObject({phase: 'asking', index: 0, attempt: 2});
		expect(again.answers.every(answer => answer === undefined)).toBe(true);
	});

	it('quotes a figure from the learner own run', () => {
		const run = {
			at: '',
			// Seven steps of 50 answered, and step 5's 200 of which 195 refused: every request in one outcome.
			sent: 550,
			failed: 195,
			auto: true,
			steps: Array.from({length: 8}, (_, i) => ({
				sent: i === 4 ? 200 : 50,
				old: i === 4 ? 5 : 50,
				new: 0,
				refused: i === 4 ? 195 : 0,
				reset: 0,
				timeout: 0,
				status5xx: 0,
				other: 0,
				durationMs: i === 4 ? 1930 : 1,
			})),
		};
		expect(figureText({step: 5, measure: 'refused'}, run)).toBe(
			'In your run, 195 requests were refused during step 5, in which 200 were sent.',
		);
		expect(figureText({step: 5, measure: 'durationMs'}, run)).toBe('In your run, step 5 took 1.93 s, and 200 requests arrived during it.');
		expect(figureText({step: 5, measure: 'refused'}, undefined)).toBeUndefined();
	});
});
