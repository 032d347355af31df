#!/usr/bin/env node
// First: it must run before any module reads the colour settings.
import './cli/no-color.js';
import './cli/compile-cache.js';
import meow from 'meow';
import {configDir} from './progress/config-dir.js';
import {modes} from './lessons/modes.js';
import {defaultRate, maxRate} from './cli/options.js';

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');

const modeList = modes.map(mode => `	  ${mode.id.padEnd(12)} ${mode.blurb}`).join('\n');

const cli = meow(
	`
	Usage
	  $ zdd-learn [options]
	  $ zdd-learn quiz [--lesson <id>]
	  $ zdd-learn race [--json] [--strategies <a,b>] [--duration <ms>]
	  $ zdd-learn verify <file.js> [options]
	  $ zdd-learn verify [options] -- <command that starts your app>
	  $ zdd-learn exercise [<id>] [--dir <dir>] [--reset] [--check]
	  $ zdd-learn exercise --list

	Runs real old and new Express servers on 127.0.0.1, sends them real
	requests, and walks you through a deploy step by step while live
	counters show who served each request and which were refused.

	Options
	  --lesson <id>       Open this lesson (default: the menu)
	  --mode <mode>       With --lesson: open this way of learning it
	                      (default: guided)
	  --rate <n>          Requests per second, 1-${maxRate} (default: ${defaultRate})
	  --port <n>          Port the servers share (default: a free one;
	                      the classic example uses 3000)
	  --keep-alive        Clients reuse connections (default: off)
	  --seed <n>          Reproducible quiz option order
	  --reduced-motion    No spinners (also ZDD_LEARN_REDUCED_MOTION=1)
	  --reset-progress    Forget your progress (asks first on a terminal)
	  --lessons-dir <dir> Add the lessons in this directory (*.json files,
	                      each checked before anything starts)

	Race options
	  --json              One JSON document on stdout, no screen
	  --strategies <a,b>  Only these strategies (default: all)
	  --duration <ms>     About how long each deploy takes (default: 500)
	  --rate, --keep-alive, --seed as above (race rate default: 200)

	Verify options (your own app, deployed as Kubernetes would, measured)
	  --signal <name>     What ends the old instance (default: SIGTERM;
	                      SIGINT for PM2)
	  --lag <ms>          Its removal from the balancer trails the signal
	                      by this much (default: 1000; 0: removed first)
	  --grace <ms>        Time to exit before SIGKILL (default: 10000;
	                      Kubernetes' own default is 30 s)
	  --ready <path>      Ready when this path answers 2xx, not when the
	                      app listens
	  --start-timeout <ms> Time to listen (default: 10000)
	  --balancer-idle <ms> How long the balancer keeps an idle connection
	                      (default: 60000, AWS ALB's; 0: do not check the
	                      app's keep-alive timeout against it)
	  --markdown          The result as a short Markdown report (for a PR)
	  --json, --rate, --keep-alive as above (verify rate default: 100)
	  Exit code: 0 zero-downtime, 1 not, 2 the app could not be verified

	Exercise options (fix a server in your editor; every save is measured)
	  --list              The exercises, one per line
	  --dir <dir>         Where to write it (default: ./zdd-learn-exercises/<id>)
	  --reset             Put the starter back (your file is kept as a backup)
	  --check             Check it once, print the result, exit 0 on pass, 1 if not
	  --solution          Show a reference solution (it spoils the exercise)

	Other
	  --help              Show this help
	  --version           Show the version

	Modes
${modeList}

	Keys in a lesson
	  → Enter Space       next step
	  ←                   back: the recorded measurements of an earlier step
	  a                   auto-play the deploy at real speed
	  r                   restart on fresh servers
	  ?                   every key of the screen
	  q Esc               leave (from the menu: quit)

	Progress is kept in ${configDir()}
	(ZDD_LEARN_CONFIG_DIR overrides it). NO_COLOR turns colour off.

	Without a terminal (piped, CI) the lesson plays by itself and prints
	a plain account of every step and the measured summary.

	Examples
	  $ zdd-learn
	  $ zdd-learn --lesson close-then-listen --mode table --rate 200
	  $ zdd-learn quiz --seed 7
	  $ zdd-learn race --json --strategies close-then-listen,drain-politely
	  $ zdd-learn --keep-alive --port 3000
	  $ zdd-learn --lesson close-then-listen < /dev/null
	  $ zdd-learn verify ./server.js --keep-alive
	  $ zdd-learn verify --signal SIGINT -- npm start
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: true,
		// Absent flags stay undefined, so "given" and "not given" can be told apart.
		booleanDefault: undefined,
		flags: {
			lesson: {type: 'string'},
			mode: {type: 'string'},
			rate: {type: 'string'},
			port: {type: 'string'},
			seed: {type: 'string'},
			keepAlive: {type: 'boolean'},
			reducedMotion: {type: 'boolean'},
			resetProgress: {type: 'boolean'},
			lessonsDir: {type: 'string'},
			json: {type: 'boolean'},
			duration: {type: 'string'},
			strategies: {type: 'string'},
			signal: {type: 'string'},
			lag: {type: 'string'},
			grace: {type: 'string'},
			balancerIdle: {type: 'string'},
			ready: {type: 'string'},
			startTimeout: {type: 'string'},
			markdown: {type: 'boolean'},
			list: {type: 'boolean'},
			dir: {type: 'string'},
			reset: {type: 'boolean'},
			check: {type: 'boolean'},
			solution: {type: 'boolean'},
		},
		// Everything after -- is the command that starts the learner's app (zdd-learn verify -- npm start).
		argv: dashes === -1 ? argv : argv.slice(0, dashes),
	},
);

// Everything else loads only now, so --help and --version answer fast. While it loads, there is no
// global fetch: Ink's layout engine (yoga) would otherwise fetch its own WebAssembly from a data: URL,
// and the first touch of fetch loads Node's whole HTTP client (undici), which nothing here uses.
const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
const {main} = await import('./cli/main.js').finally(() => {
	if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
	else delete (globalThis as {fetch?: unknown}).fetch;
});
await main(cli.flags, cli.input, dashes === -1 ? undefined : argv.slice(dashes + 1));
