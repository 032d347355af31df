#!/usr/bin/env node
// First: it must run before any module reads the colour settings.
import './no-color.js';
import process from 'node:process';
import {render} from 'ink';
import meow from 'meow';
import {Lab, portIsFree} from './engine/index.js';
import {bundledLessonsDir, LessonError, loadLessons} from './lessons/load.js';
import type {Lesson} from './lessons/schema.js';
import {parseOptions, defaultRate, maxRate} from './options.js';
import {runPlain} from './plain.js';
import App, {type ExitReason} from './ui/App.js';

const cli = meow(
	`
	Usage
	  $ zdd-learn [options]

	Runs real old and new Express servers on 127.0.0.1, sends them real
	requests, and walks you through a deploy step by step while live
	counters show who served each request and which were refused.

	Options
	  --lesson <id>    Open this lesson directly (default: the menu)
	  --rate <n>       Requests per second, 1-${maxRate} (default: ${defaultRate})
	  --port <n>       Port the servers share (default: a free one;
	                   the classic example uses 3000)
	  --keep-alive     Clients reuse connections (default: off)
	  --help           Show this help
	  --version        Show the version

	Keys in a lesson
	  → Enter Space    next step
	  ←                back: the recorded measurements of an earlier step
	  a                auto-play the deploy at real speed
	  r                restart on fresh servers
	  c                show the code or the explanation
	  ?                help
	  q Esc            leave the lesson (from the menu: quit)

	Without a terminal (piped, CI) the lesson plays by itself and prints
	a plain account of every step and the measured summary.

	Examples
	  $ zdd-learn
	  $ zdd-learn --lesson close-then-listen --rate 200
	  $ zdd-learn --keep-alive --port 3000
	  $ zdd-learn --lesson close-then-listen < /dev/null
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: true,
		flags: {
			lesson: {type: 'string'},
			rate: {type: 'string'},
			port: {type: 'string'},
			keepAlive: {type: 'boolean'},
		},
	},
);

function fail(message: string, code: number): void {
	process.stderr.write(`zdd-learn: ${message}\n`);
	process.exitCode = code;
}

const signalCodes = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;

async function main(): Promise<void> {
	let lessons: Lesson[];
	try {
		lessons = await loadLessons(bundledLessonsDir);
	} catch (error) {
		if (error instanceof LessonError) {
			fail(`lesson file refused: ${error.message}`, 1);
			return;
		}

		throw error;
	}

	const options = parseOptions(cli.flags, cli.input, lessons.map(lesson => lesson.id));
	if ('error' in options) {
		fail(options.error, 2);
		return;
	}

	if (options.port !== 0 && !(await portIsFree(options.port, '127.0.0.1'))) {
		fail(`port ${options.port} on 127.0.0.1 is already in use; free it, pick another --port, or leave --port out to use a free one`, 1);
		return;
	}

	const lab = new Lab({port: options.port, rate: options.rate, keepAlive: options.keepAlive});
	const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;

	let leave: (signal: keyof typeof signalCodes) => void = () => {};
	for (const signal of Object.keys(signalCodes) as Array<keyof typeof signalCodes>) {
		process.on(signal, () => {
			leave(signal);
		});
	}

	if (!interactive) {
		leave = signal => {
			lab.dispose();
			process.exit(signalCodes[signal]);
		};

		const lesson = lessons.find(l => l.id === options.lesson) ?? lessons[0]!;
		await runPlain(lab, lesson, line => process.stdout.write(`${line}\n`), new Set(lessons.map(l => l.id)));
		lab.dispose();
		return;
	}

	const instance = render(<App lab={lab} lessons={lessons} initialLesson={options.lesson} />, {
		exitOnCtrlC: false,
	});
	leave = signal => {
		instance.unmount();
		lab.dispose();
		process.exitCode = signalCodes[signal];
	};

	const reason = (await instance.waitUntilExit()) as ExitReason | undefined;
	lab.dispose();
	if (reason === 'interrupt') process.exitCode = 130;
}

try {
	await main();
} catch (error) {
	fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`, 1);
}
