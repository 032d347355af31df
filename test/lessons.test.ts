import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {bundledLessonsDir, LessonError, loadLessons} from '../source/lessons/load.js';
import {judgeRun} from '../source/lessons/judge.js';
import {type Lesson} from '../source/lessons/schema.js';
import {requirementMet, requirementText} from '../source/lessons/requires.js';
import {claimFailures} from '../source/lessons/claims.js';
import {seededRandom} from '../source/engine/random.js';
import {strategiesOf} from '../source/race/race.js';

const shippedFile = path.join(bundledLessonsDir, '01-close-then-listen.json');
let dir: string;
let shipped: Lesson;

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'zdd-lessons-'));
	shipped = JSON.parse(await readFile(shippedFile, 'utf8')) as Lesson;
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

/** Writes a lesson file and returns the message its load is refused with. */
async function refusal(content: string, name = 'broken.json'): Promise<string> {
	const file = path.join(dir, name);
	await writeFile(file, content);
	try {
		await loadLessons(dir);
	} catch (error) {
		expect(error).toBeInstanceOf(LessonError);
		expect((error as LessonError).file).toBe(file);
		return (error as Error).message;
	}

	throw new Error('the broken lesson was accepted');
}

function broken(change: (lesson: Record<string, any>) => void): string {
	const copy = structuredClone(shipped) as Record<string, any>;
	change(copy);
	return JSON.stringify(copy);
}

describe('lesson files', () => {
	it('the shipped lessons validate', async () => {
		const lessons = await loadLessons(bundledLessonsDir);
		expect(lessons.map(lesson => lesson.id)).toContain('close-then-listen');
		for (const lesson of lessons) {
			const stages = lesson.steps.map(step => step.stage);
			// The flow bar follows what the recipe does: it never runs backwards, and never past its last stage.
			expect(stages, lesson.id).toEqual(stages.toSorted((a, b) => a - b));
			expect(Math.max(...stages), lesson.id).toBeLessThanOrEqual(lesson.flow.length);
			for (const moment of lesson.keyMoments) expect(moment.step, lesson.id).toBeLessThanOrEqual(lesson.steps.length);
			expect(lesson.snapshot, lesson.id).toHaveLength(5);
			expect(lesson.quiz.length, lesson.id).toBeGreaterThan(0);
			expect(lesson.keyMoments.length, lesson.id).toBeGreaterThan(0);
		}
	});

	it("the seed's three questions are in the quiz with the right answers", async () => {
		const [lesson] = await loadLessons(bundledLessonsDir);
		const answer = (fragment: string) => lesson!.quiz.find(q => q.question.includes(fragment))?.answer;
		expect(answer('stop taking new connections')).toBe('Step 4');
		expect(answer('after step 3')).toMatch(/EADDRINUSE/);
		expect(answer('without letting its active requests finish')).toMatch(/cut off/);
	});

	it('refuses a flow that runs backwards', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][5].stage = 2)));
		expect(message).toMatch(/steps\[5\]\.stage: expected 4 or more \(the flow bar never runs backwards\), got 2/);
	});

	it('refuses broken JSON, naming the file', async () => {
		expect(await refusal('{"id": "x",')).toMatch(/broken\.json: not valid JSON/);
	});

	it('refuses a missing field, naming it and what was expected', async () => {
		const message = await refusal(broken(lesson => delete lesson['title']));
		expect(message).toMatch(/broken\.json: title: missing, expected string/);
	});

	it('refuses a step naming an unknown engine action, listing the known ones', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][2].action = 'teleport')));
		expect(message).toMatch(/steps\[2\]\.action: expected an engine action \(.*try-listen.*\), got "teleport"/);
	});

	it('refuses a server state that does not exist', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][0].expected.old = 'lisening')));
		expect(message).toMatch(/steps\[0\]\.expected\.old: .*"listening"/);
	});

	it('refuses a step that handles no request without naming what happens to them, and a step allowing more than its lesson', async () => {
		const silent = await refusal(broken(lesson => delete lesson['steps'][4].expected.fails));
		expect(silent).toMatch(/steps\[4\]\.expected\.fails: expected "fails" to name what happens to the requests when "handling" is "none"/);
		const unknown = await refusal(broken(lesson => (lesson['steps'][4].expected.fails = {refused: 'nothing listening', dropped: 'x'})));
		expect(unknown).toMatch(/steps\[4\]\.expected\.fails/);
		const greedy = await refusal(
			broken(lesson => {
				lesson['verdict'] = {zeroDowntime: true, text: 'drops none.', allow: {reset: 1}};
				lesson['steps'][3].expected.allow = {reset: 3};
			}),
		);
		expect(greedy).toMatch(
			/steps\[3\]\.expected\.allow\.reset: expected at most 1, what the lesson's verdict allows of "reset" in a whole deploy, got 3/,
		);
	});

	it('refuses a quiz answer that is not among its options', async () => {
		const message = await refusal(broken(lesson => (lesson['quiz'][0].answer = 'Step 9')));
		expect(message).toMatch(/quiz\[0\]\.answer: expected one of its options, got "Step 9"/);
	});

	it('refuses a key moment linked to a step that does not exist', async () => {
		const message = await refusal(broken(lesson => (lesson['keyMoments'][0].step = 12)));
		expect(message).toMatch(/keyMoments\[0\]\.step: expected a step between 1 and 8, got 12/);
	});

	it('refuses a code line beyond the code sample', async () => {
		const message = await refusal(broken(lesson => (lesson['steps'][1].codeLines = [99])));
		expect(message).toMatch(/steps\[1\]\.codeLines\[0\]: expected a code line between 1 and \d+, got 99/);
	});

	it('refuses a key moment or a hint naming a contrast the lesson does not have, and two strategies with one short name', async () => {
		const moment = await refusal(broken(lesson => (lesson['keyMoments'][0].contrast = 'nope')));
		expect(moment).toMatch(
			/keyMoments\[0\]\.contrast: expected the id of one of this lesson's contrasts \(close-then-listen-at-once\), got "nope"/,
		);
		const hint = await refusal(broken(lesson => (lesson['quiz'][1].hint.contrast = 'nope')));
		expect(hint).toMatch(/quiz\[1\]\.hint\.contrast: expected the id of one of this lesson's contrasts/);
		const long = await refusal(broken(lesson => (lesson['short'] = 'a name far too long')));
		expect(long).toMatch(/short: expected at most 16 characters/);
	});

	it('every shipped lesson and contrast has its own short name; a copy in --lessons-dir that repeats one is shown by its id', async () => {
		const shipped = await loadLessons(bundledLessonsDir);
		const names = strategiesOf(shipped).map(s => s.short);
		expect(names.every(name => name !== undefined && name.length <= 16)).toBe(true);
		expect(new Set(names).size).toBe(names.length);
		const copy = {...shipped[0]!, id: 'my-copy', contrasts: []};
		expect(strategiesOf([...shipped, copy]).at(-1)!.short).toBe('my-copy');
	});

	it('refuses a snapshot that is not five lines', async () => {
		const message = await refusal(broken(lesson => lesson['snapshot'].pop()));
		expect(message).toMatch(/snapshot: expected exactly five lines/);
	});

	it('refuses a contrast compared with one the lesson does not have', async () => {
		const message = await refusal(
			broken(lesson => {
				lesson['contrasts'] = [
					{
						id: 'close-then-listen-at-once',
						title: 'Plain',
						zeroDowntime: false,
						steps: [{action: 'start', target: 'old', autoplayPauseMs: 0}],
					},
					{
						id: 'retry',
						title: 'Retry',
						zeroDowntime: false,
						fewerFailuresThan: 'plian',
						steps: [{action: 'start', target: 'old', autoplayPauseMs: 0}],
					},
				];
			}),
		);
		expect(message).toMatch(
			/contrasts\[1\]\.fewerFailuresThan: expected the id of this lesson or of another of its contrasts \([a-z-]+, close-then-listen-at-once\), got "plian"/,
		);
	});

	it('refuses a contrast that claims nothing', async () => {
		const message = await refusal(
			broken(lesson => {
				lesson['contrasts'] = [
					{id: 'close-then-listen-at-once', title: 'Mute', steps: [{action: 'start', target: 'old', autoplayPauseMs: 0}]},
				];
			}),
		);
		expect(message).toMatch(/contrasts\[0\]\.zeroDowntime: missing, expected a boolean \(or a fewerFailuresThan claim\)/);
	});

	it('a zero claim may leave a rare outcome open: it is not counted against the claim, and the headline is still what was measured', async () => {
		const [reusePort] = (await loadLessons(bundledLessonsDir)).filter(lesson => lesson.id === 'reuse-port');
		expect(reusePort!.verdict.allow).toEqual({reset: 2});
		const counts = {sent: 10, old: 5, new: 4, refused: 0, reset: 1, timeout: 0, status5xx: 0, other: 0, inFlight: 0};
		expect(claimFailures(counts, reusePort!.verdict)).toBe(0);
		expect(claimFailures({...counts, refused: 1}, reusePort!.verdict)).toBe(1);
		expect(claimFailures(counts, {})).toBe(1);
		const onTime = {lateP99Ms: 1, lateMaxMs: 2, loopDelayP99Ms: 1, loopDelayMaxMs: 2, slowConnects: 0, behind: false};
		const judged = judgeRun(counts, onTime, reusePort!.verdict, 200);
		expect(judged.headline).toBe('✖ Not zero-downtime in this run: 1 of 10 requests failed (1 reset)');
		expect(judged.agreement).toBe('agrees');
		const refused = judgeRun({...counts, old: 4, refused: 1}, onTime, reusePort!.verdict, 200);
		expect(refused.agreement).toBe('disagrees');
		// What the claim allows is not listed against it.
		expect(refused.why).toBe('The claim failed in this run: 1 refused, of 10 requests.');
		// The allowance is a number, shown with the count: at most 2 resets in a deploy, so 3 fail the claim.
		expect(judged.claimLine).toContain('(it allows at most 2 reset in a deploy, and nothing else: this run had 1 reset)');
		expect(judgeRun({...counts, old: 3, reset: 2}, onTime, reusePort!.verdict, 200).agreement).toBe('agrees');
		expect(judgeRun({...counts, old: 2, reset: 3}, onTime, reusePort!.verdict, 200).agreement).toBe('disagrees');
		expect(claimFailures({...counts, sent: 3000, old: 2997, reset: 3}, reusePort!.verdict)).toBe(3);
	});

	it('refuses an unknown field, so typos do not pass silently', async () => {
		const message = await refusal(broken(lesson => (lesson['sumary'] = 'typo')));
		expect(message).toMatch(/sumary/);
	});

	it('refuses two lessons with one id', async () => {
		await writeFile(path.join(dir, 'a.json'), JSON.stringify(shipped));
		const message = await refusal(JSON.stringify(shipped), 'b.json');
		expect(message).toMatch(/b\.json: id: expected a unique id, "close-then-listen" is also used by .*a\.json/);
	});

	it('refuses a directory with no lessons, and a path that is not a directory', async () => {
		await expect(loadLessons(dir)).rejects.toThrow(/expected at least one lesson file/);
		await expect(loadLessons(shippedFile)).rejects.toThrow(/expected a directory/);
	});
});

describe('the loader under fuzzing', () => {
	/** Mutations of a shipped lesson, from a seeded generator so a failure can be replayed. */
	function mutate(random: () => number, text: string): string {
		const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
		const oddValues = [null, 0, -1, 1.5, '', 'x', true, [], {}, [1, 'two'], {a: 1}, '\u0000', 'é漢字🙂', 1e308];
		const kind = Math.floor(random() * 5);
		if (kind === 0) return text.slice(0, Math.floor(random() * text.length));
		if (kind === 1) {
			const chars = [...text];
			for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
				chars[Math.floor(random() * chars.length)] = pick(['{', '}', '[', ']', '"', ',', ':', '\\', 'a', '0', ' ', '\u0000', 'é']);
			}

			return chars.join('');
		}

		// Structural: walk to a random node and delete, retype or duplicate something there.
		const data = JSON.parse(text) as unknown;
		let node = data as Record<string, unknown> | unknown[];
		for (let depth = 0; depth < 1 + Math.floor(random() * 4); depth++) {
			const keys = Object.keys(node);
			if (keys.length === 0) break;
			const child = (node as Record<string, unknown>)[pick(keys)];
			if (child === null || typeof child !== 'object') break;
			node = child as Record<string, unknown> | unknown[];
		}

		const keys = Object.keys(node);
		const key = keys.length > 0 ? pick(keys) : 'extra';
		if (kind === 2) {
			if (Array.isArray(node)) node.splice(Number(key), 1);
			else delete node[key];
		} else if (kind === 3) {
			(node as Record<string, unknown>)[key] = pick(oddValues);
		} else if (Array.isArray(node)) {
			node.push(structuredClone(node[0] ?? null));
		} else {
			node[`${key}${pick(['', 'x', '_'])}`] = pick(oddValues);
		}

		return JSON.stringify(data);
	}

	it('500 broken variants of a shipped lesson: each is loaded or refused with one line naming the file, never a crash', async () => {
		const text = await readFile(path.join(bundledLessonsDir, '03-drain-politely.json'), 'utf8');
		const random = seededRandom(20_261_126);
		const file = path.join(dir, 'fuzzed.json');
		let refused = 0;
		for (let i = 0; i < 500; i++) {
			const variant = mutate(random, text);
			await writeFile(file, variant);
			try {
				const [lesson] = await loadLessons(dir);
				// Accepted: then it is a whole lesson, usable as any other.
				expect(lesson!.steps.length, variant).toBeGreaterThan(0);
				expect(lesson!.quiz.every(q => q.options.includes(q.answer))).toBe(true);
			} catch (error) {
				refused++;
				expect(error, variant).toBeInstanceOf(LessonError);
				const message = (error as Error).message;
				expect(message.startsWith(`${file}: `), message).toBe(true);
				expect(message, message).not.toContain('\n');
				// After the file: "not valid JSON: ..." or a field path and what was expected.
				expect(message.slice(file.length + 2), message).toMatch(/^(not valid JSON: .+|[\w.[\]()]+( level\))?: .+)$/);
			}
		}

		// Most variants break something (a duplicated quiz question or a dropped optional field is still a lesson).
		expect(refused).toBeGreaterThan(300);
	});
});

describe('what a lesson requires', () => {
	it('reusePort: Node 22.12+ or 23.1+ (23.0 lacks it), and a system that has SO_REUSEPORT', async () => {
		const reusePort = (await loadLessons(bundledLessonsDir)).find(lesson => lesson.id === 'reuse-port')!;
		const met = (version: string, platform = 'linux') => requirementMet(reusePort, version, platform);
		expect([met('v20.20.2'), met('v22.11.0'), met('v22.12.0'), met('v23.0.1'), met('v23.1.0'), met('v24.0.0'), met('v26.1.0')]).toEqual([
			false,
			false,
			true,
			false,
			true,
			true,
			true,
		]);
		// Node 22.12+ fails listen() with ENOTSUP on macOS and Windows: the fallback, never the zero claim.
		expect(met('v24.0.0', 'darwin')).toBe(false);
		expect(met('v24.0.0', 'win32')).toBe(false);
		expect(met('v24.0.0', 'freebsd')).toBe(true);
		expect(requirementText(reusePort.requires!)).toBe(
			'Node 22.12+ (23.1+ on the 23 line) on Linux 3.9+, FreeBSD 12.0+, Solaris 11.4 or AIX 7.2.5+ (only the system is checked, not its version)',
		);
	});
});
