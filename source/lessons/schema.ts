import {z} from 'zod';

// Each schema parses a handful of small files once: compiling a fast path does not pay off.
z.config({jitless: true});
import {actionNames, failureOutcomes, serverStates, versions, type ActionName} from '../engine/index.js';

const text = z.string().trim().min(1, 'expected non-empty text');
const serverState = z.enum(serverStates);
/**
 * Who answers the requests sent during a step. old-or-both: old, and new as
 * well for whatever reaches it (a new connection after a hand-over, a request
 * the proxy routes just after a flip): both are what the strategy really does.
 */
const handling = z.enum(['none', 'old', 'new', 'both', 'old-or-both']);
const stepNumber = z.number().int().min(1, 'expected a step number, counting from 1');

const action = z.enum(actionNames as [ActionName, ...ActionName[]], {
	error: issue => `expected an engine action (${actionNames.join(', ')}), got ${JSON.stringify(issue.input)}`,
});

/**
 * Failures a zero claim leaves open because the lesson says they can happen,
 * rarely: at most this many of each outcome named in one deploy, e.g.
 * {"reset": 2} for the connections queued on a listener as it closes (once
 * per deploy, whatever the load). Any other failure, or more, fails the claim.
 */
const allowance = z.partialRecord(z.enum(failureOutcomes), z.number().int().min(1).max(100));

export type Allowance = z.infer<typeof allowance>;

/**
 * The failures a step predicts, each kind with what the client meets, in a
 * few words: {"refused": "nothing listening"}. Any number of them is as
 * predicted; a kind not named (beyond the step's allowance) is not.
 */
const predictedFailures = z.partialRecord(z.enum(failureOutcomes), text.pipe(z.string().max(40, 'expected at most 40 characters')));

export type PredictedFailures = z.infer<typeof predictedFailures>;

const step = z
	.object({
		title: text,
		action,
		target: z.enum(versions),
		stage: z.number().int().min(1, 'expected a flow stage number, counting from 1'),
		note: text,
		expected: z
			.object({
				old: serverState,
				new: serverState,
				handling,
				/** Failures this step predicts (what happens to the requests "none" handles, for one). */
				fails: predictedFailures.optional(),
				/** Rare failures the lesson's claim allows in this step: at most this many of each. */
				allow: allowance.optional(),
			})
			.strict()
			.refine(expected => expected.handling !== 'none' || Object.keys(expected.fails ?? {}).length > 0, {
				message: 'expected "fails" to name what happens to the requests when "handling" is "none", e.g. {"refused": "nothing listening"}',
				path: ['fails'],
			}),
		codeLines: z.array(z.number().int().min(1)).min(1),
		autoplayPauseMs: z.number().int().min(0).max(10_000),
	})
	.strict();

/** A name for narrow columns (the race at 80 columns): at most 16 characters. */
const shortName = text.pipe(z.string().max(16, 'expected at most 16 characters'));

/** What the lesson calls its two versions (blue and green), at most 8 characters each. */
const versionName = z.string().regex(/^[a-z][a-z\d-]{0,7}$/, 'expected a short lowercase name like "blue", at most 8 characters');

const ms = (max: number) => z.number().int().min(0).max(max);

/** Conditions a contrast runs under, other than the lesson's own. */
const setup = z
	.object({
		/** The proxy keeps idle connections to the versions this long, ignoring their Keep-Alive hint. */
		proxyIdleTimeoutMs: ms(600_000).optional(),
		/** A simulated network between the proxy and the versions: this long each way. */
		proxyLatencyMs: ms(1000).optional(),
		/** The versions close a connection idle this long. */
		appKeepAliveTimeoutMs: ms(600_000).optional(),
		/** Clients that send `size` requests at once every `everyMs`, and are quiet in between. */
		burst: z
			.object({everyMs: z.number().int().min(10).max(60_000), size: z.number().int().min(1).max(1000)})
			.strict()
			.optional(),
		/** The new version loads what it serves this long after it starts, answering 503 (on / and /healthz) meanwhile; less than wait-ready's 10 s. */
		newWarmUpMs: ms(8000).optional(),
		/** Its pauses are never shortened (the race and the tests shorten others): what it shows takes real time. */
		realTime: z.boolean().optional(),
	})
	.strict();

export type Setup = z.infer<typeof setup>;

/** Another way to do the same deploy, run beside the lesson's in the race and in the tests. */
const contrast = z
	.object({
		id: z.string().regex(/^[a-z\d]+(?:-[a-z\d]+)*$/, 'expected a lowercase id like "plain-close"'),
		title: text,
		short: shortName.optional(),
		keepAlive: z.boolean().optional(),
		/** The client retries a request reset on a reused connection, once. */
		retry: z.boolean().optional(),
		/** What it claims: true, drops none; false, drops requests. Optional only with fewerFailuresThan. */
		zeroDowntime: z.boolean().optional(),
		/** A further claim: over the same load, fewer failures than the lesson itself (its id) or another of its contrasts. */
		fewerFailuresThan: z.string().optional(),
		setup: setup.optional(),
		steps: z.array(z.object({action, target: z.enum(versions), autoplayPauseMs: z.number().int().min(0).max(10_000)}).strict()).min(1),
	})
	.strict();

/** A number from the learner's own run that an answer can quote. */
const figure = z
	.object({
		step: stepNumber,
		measure: z.enum(['sent', 'old', 'new', 'refused', 'reset', 'timeout', 'durationMs']),
	})
	.strict();

const question = z
	.object({
		question: text,
		options: z.array(text).min(2).max(6),
		answer: text,
		/** contrast: the hint replays that contrast of the lesson beside the lesson, instead of the deploy to its step. */
		/** keepAlive: the hint's replay runs with keep-alive clients (the hint speaks of a run with --keep-alive). */
		hint: z.object({step: stepNumber, text, contrast: z.string().optional(), keepAlive: z.boolean().optional()}).strict(),
		explanation: text,
		figure: figure.optional(),
	})
	.strict();

const nodeVersion = z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a Node version like "22.12.0"');

export const lessonSchema = z
	.object({
		id: z.string().regex(/^[a-z\d]+(?:-[a-z\d]+)*$/, 'expected a lowercase id like "close-then-listen"'),
		title: text,
		short: shortName.optional(),
		summary: text,
		/** What the lesson calls the old and the new version; "old" and "new" when absent. */
		versions: z.object({old: versionName, new: versionName}).strict().optional(),
		flow: z.array(text).min(2),
		steps: z.array(step).min(1),
		/** contrast: a contrast of this lesson the moment is about; a key runs it beside the lesson. */
		keyMoments: z.array(z.object({step: stepNumber, title: text, text, contrast: z.string().optional()}).strict()),
		quiz: z.array(question).min(1),
		snapshot: z.array(text).length(5, 'expected exactly five lines'),
		/** Variable tracker checkpoints: 0 is the start, N is after step N. */
		tracker: z.array(z.number().int().min(0)).min(2),
		transcript: z.array(text).min(1),
		code: z.array(z.string()).min(1),
		verdict: z
			.object({
				zeroDowntime: z.boolean(),
				text,
				/** Outcomes a zero claim leaves open, because the lesson says they can happen (rarely). */
				allow: allowance.optional(),
			})
			.strict(),
		/** A lesson that needs a newer Node, or an operating system: without it the run shows the real fallback, with this verdict. */
		requires: z
			.object({
				/**
				 * The first version that has it, on each release line from the oldest: ["22.12.0", "23.1.0"]
				 * means 22.12+ on the 22 line, 23.1+ on the 23 line, and every later line.
				 */
				node: z.union([nodeVersion, z.array(nodeVersion).min(1)]),
				/** The operating systems (process.platform) it works on; every one when absent. */
				platforms: z
					.array(z.string().regex(/^[a-z\d]+$/, 'expected a process.platform name like "linux"'))
					.min(1)
					.optional(),
				unmet: z.object({zeroDowntime: z.boolean(), text}).strict(),
			})
			.strict()
			.optional(),
		/** Load settings the lesson's verdict depends on; they win over the command line. */
		load: z.object({keepAlive: z.boolean().optional()}).strict().default({}),
		/** Conditions the lesson runs under (its contrasts too, unless they set their own). */
		setup: setup.optional(),
		contrasts: z.array(contrast).default([]),
		next: z.array(z.object({id: text, title: text, why: text}).strict()).default([]),
	})
	.strict()
	.superRefine((lesson, context) => {
		const steps = lesson.steps.length;
		const outOfRange = (path: Array<string | number>, value: number, what: string, max: number) => {
			context.addIssue({
				code: 'custom',
				path,
				message: `expected ${what} between 1 and ${max}, got ${value}`,
			});
		};

		for (const [index, s] of lesson.steps.entries()) {
			if (s.stage > lesson.flow.length) outOfRange(['steps', index, 'stage'], s.stage, 'a flow stage', lesson.flow.length);
			const before = lesson.steps[index - 1]?.stage ?? 1;
			if (s.stage < before) {
				context.addIssue({
					code: 'custom',
					path: ['steps', index, 'stage'],
					message: `expected ${before} or more (the flow bar never runs backwards), got ${s.stage}`,
				});
			}

			// A step allows no more than its lesson's claim does: the marks and the verdict tell one story.
			for (const [outcome, n] of Object.entries(s.expected.allow ?? {}) as Array<[keyof Allowance, number]>) {
				const most = lesson.verdict.zeroDowntime ? (lesson.verdict.allow?.[outcome] ?? 0) : Number.POSITIVE_INFINITY;
				if (n > most) {
					context.addIssue({
						code: 'custom',
						path: ['steps', index, 'expected', 'allow', outcome],
						message: `expected at most ${most}, what the lesson's verdict allows of "${outcome}" in a whole deploy, got ${n}`,
					});
				}
			}

			for (const [i, line] of s.codeLines.entries()) {
				if (line > lesson.code.length) outOfRange(['steps', index, 'codeLines', i], line, 'a code line', lesson.code.length);
			}
		}

		for (const [index, checkpoint] of lesson.tracker.entries()) {
			if (checkpoint > steps) outOfRange(['tracker', index], checkpoint, 'a step (0 for the start)', steps);
		}

		for (const [index, moment] of lesson.keyMoments.entries()) {
			if (moment.step > steps) outOfRange(['keyMoments', index, 'step'], moment.step, 'a step', steps);
		}

		const contrastIds = lesson.contrasts.map(c => c.id);
		const namesAContrast = (path: Array<string | number>, id: string | undefined) => {
			if (id === undefined || contrastIds.includes(id)) return;
			context.addIssue({
				code: 'custom',
				path,
				message: `expected the id of one of this lesson's contrasts (${contrastIds.join(', ') || 'it has none'}), got ${JSON.stringify(id)}`,
			});
		};

		for (const [index, moment] of lesson.keyMoments.entries()) namesAContrast(['keyMoments', index, 'contrast'], moment.contrast);
		for (const [index, q] of lesson.quiz.entries()) namesAContrast(['quiz', index, 'hint', 'contrast'], q.hint.contrast);
		if (lesson.versions && lesson.versions.old === lesson.versions.new) {
			context.addIssue({
				code: 'custom',
				path: ['versions', 'new'],
				message: `expected a name other than the old version's, got ${JSON.stringify(lesson.versions.new)}`,
			});
		}

		for (const [index, c] of lesson.contrasts.entries()) {
			if (c.zeroDowntime === undefined && c.fewerFailuresThan === undefined) {
				context.addIssue({
					code: 'custom',
					path: ['contrasts', index, 'zeroDowntime'],
					message: 'missing, expected a boolean (or a fewerFailuresThan claim)',
				});
			}

			const baselines = [lesson.id, ...contrastIds.filter(id => id !== c.id)];
			if (c.fewerFailuresThan !== undefined && !baselines.includes(c.fewerFailuresThan)) {
				context.addIssue({
					code: 'custom',
					path: ['contrasts', index, 'fewerFailuresThan'],
					message: `expected the id of this lesson or of another of its contrasts (${baselines.join(', ')}), got ${JSON.stringify(c.fewerFailuresThan)}`,
				});
			}
		}

		for (const [index, q] of lesson.quiz.entries()) {
			if (q.hint.step > steps) outOfRange(['quiz', index, 'hint', 'step'], q.hint.step, 'a step', steps);
			if (q.figure && q.figure.step > steps) outOfRange(['quiz', index, 'figure', 'step'], q.figure.step, 'a step', steps);
			if (!q.options.includes(q.answer)) {
				context.addIssue({
					code: 'custom',
					path: ['quiz', index, 'answer'],
					message: `expected one of its options, got ${JSON.stringify(q.answer)}`,
				});
			}

			if (new Set(q.options).size !== q.options.length) {
				context.addIssue({code: 'custom', path: ['quiz', index, 'options'], message: 'expected options that differ from each other'});
			}
		}
	});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonStep = Lesson['steps'][number];
export type Handling = z.infer<typeof handling>;
export type QuizQuestion = Lesson['quiz'][number];
export type Figure = NonNullable<QuizQuestion['figure']>;
export type Contrast = Lesson['contrasts'][number];
