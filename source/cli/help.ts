import {configDir} from '../progress/config-dir.js';
import {modes} from '../lessons/modes.js';
import {defaultRate, maxRate} from './options.js';

const modeList = modes.map(mode => `	  ${mode.id.padEnd(12)} ${mode.blurb}`).join('\n');

/** The usage, options and examples `zdd-learn --help` prints (after the package's description). */
export const helpText = `
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
	  --app-port <n>      Measure the server your code asks for on this
	                      port (default: the first listen that answers /
	                      with 2xx or 3xx)
	  A server not in Node gets its port as PORT and as {port} in the command.
	  --path <path[:n]>   A route of your app the load asks (repeatable;
	                      n: its weight, default 1; default: /)
	  --method <name>     Every request's method (default: GET)
	  --header 'N: v'     A header every request carries (repeatable)
	  --body <text|@file> Every request's body
	  --runs <n>          Deploy n times, each on fresh instances, and give
	                      the spread; the worst run decides the exit code
	  --duration <ms>     Load before the deploy and after it (default 1000)
	  --strict            Warnings (risks this run did not turn into
	                      failures) end with exit 1 too
	  --markdown          The result as a short Markdown report (for a PR)
	  --steps             Step through the deploy: your keys start the old
	                      and the new instance, add it and send the signal;
	                      the orchestrator's steps keep their own clock.
	                      Without a terminal: the account of each step
	  --json, --rate, --keep-alive as above (verify rate default: 100);
	                      --json always prints one document
	  Exit code: 0 a clean deploy (every request answered, and the old
	  instance exited by itself within the grace); 1 requests failed, or
	  it was killed, or the signal never reached the app, or an instance
	  crashed; 2 the app could not be verified; 130/143 interrupted

	Exercise options (fix a server in your editor; every save is measured)
	  --list              The exercises, one per line
	  --dir <dir>         Where to write it (default: ./zdd-learn-exercises/<id>)
	  --reset             Put the starter back (your file is kept as a backup)
	  --check             Check your file once: exit 0 on pass, 1 if not,
	                      2 if it did not start
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
	  $ zdd-learn verify --steps ./server.js
	  $ zdd-learn verify -- python3 -m http.server {port} --bind 127.0.0.1
`;

/** Each non-empty line without the indentation they all share (strip-indent). */
function stripIndent(text: string): string {
	const indents = [...text.matchAll(/^[ \t]*(?=\S)/gm)].map(match => match[0].length);
	const common = indents.length > 0 ? Math.min(...indents) : 0;
	return common > 0 ? text.replaceAll(new RegExp(`^[ \\t]{${common}}`, 'gm'), '') : text;
}

/** Re-indented by `spaces`, empty lines left empty (redent). */
function redent(text: string, spaces: number): string {
	return stripIndent(text).replaceAll(/^(?!\s*$)/gm, ' '.repeat(spaces));
}

/**
 * The help as meow prints it (its helpIndent of 2): the description, then the
 * help text without its surrounding blank lines, each re-indented; so `--help`
 * can answer before meow loads. A test compares the two.
 */
export function meowHelp(help: string, description: string): string {
	let text = help.replace(/\t+\n*$/, '').replaceAll(/^\n+|\n+$/g, '');
	if (text.includes('\n')) text = redent(text, 2);
	return `${redent(`\n${description}\n`, 2)}\n${text}\n`;
}

/** The subcommands that answer --help with their own usage. */
export const subcommands = ['verify', 'exercise', 'race', 'quiz'] as const;

/**
 * `zdd-learn <subcommand> --help`: its usage lines and its own options, taken from the one help
 * text so the two never differ; the quiz, which has no section, takes its two options from the
 * general ones.
 */
export function subcommandHelp(name: (typeof subcommands)[number]): string {
	const lines = stripIndent(helpText).split('\n');
	const usage = lines.filter(line => line.includes(`$ zdd-learn ${name}`) && lines.indexOf(line) < lines.indexOf('Options'));
	const heading = `${name[0]!.toUpperCase()}${name.slice(1)} options`;
	const start = lines.findIndex(line => line.startsWith(heading));
	const section =
		start === -1
			? ['Options', ...lines.filter(line => /^ {2}--(lesson|seed) /.test(line))]
			: lines.slice(
					start,
					lines.findIndex((line, i) => i > start && line.trim() === ''),
				);
	const examples = lines.filter(line => line.includes(`$ zdd-learn ${name}`) && lines.indexOf(line) > lines.indexOf('Examples'));
	return ['', 'Usage', ...usage, '', ...section, ...(examples.length > 0 ? ['', 'Examples', ...examples] : []), '']
		.map(line => (line === '' ? '' : `  ${line}`))
		.join('\n');
}
