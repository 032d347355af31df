// The real app, rendered by Ink into an in-memory terminal, auto-playing a
// whole lesson on real servers: how well the load keeps its schedule while
// the UI draws, how long the event loop stalls, how much memory it takes.
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {render} from 'ink';
import {Lab, type DeployRun, type RunSnapshot} from '../source/engine/index.js';
import {bundledLessonsDir, loadLessons} from '../source/lessons/load.js';
import App from '../source/ui/screens/App.js';
import {LifecycleRoot} from '../source/ui/Root.js';

class Screen extends Writable {
	columns = 100;
	rows = 30;
	isTTY = true;
	writes = 0;
	override _write(_chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
		this.writes++;
		done();
	}
}

const rate = Number(process.argv[2] ?? 200);
const lessons = await loadLessons(bundledLessonsDir);
const lesson = lessons[0]!;
const lab = new Lab({port: 0, rate, keepAlive: false});
const runs: DeployRun[] = [];
const begin = lab.begin.bind(lab);
lab.begin = overrides => {
	const run = begin(overrides);
	runs.push(run);
	return run;
};

const stdout = new Screen();
const delay = monitorEventLoopDelay({resolution: 1});
delay.enable();
// The guided deploy, auto-playing at real speed to its last step, as the `a` key does.
const app = render(
	<LifecycleRoot>
		<App lab={lab} lessons={lessons} initial={{name: 'mode', lesson: lesson.id, mode: 'guided', stopAt: lesson.steps.length - 1}} />
	</LifecycleRoot>,
	{stdout: stdout as unknown as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false},
);

const run = await new Promise<DeployRun>(resolve => {
	const wait = setInterval(() => {
		if (runs[0]) {
			clearInterval(wait);
			resolve(runs[0]);
		}
	}, 5);
});
let first: RunSnapshot | undefined;
let last: RunSnapshot | undefined;
await new Promise<void>(resolve => {
	run.on('snapshot', snapshot => {
		if (snapshot.traffic === 'running') {
			first ??= snapshot;
			last = snapshot;
		}

		if (snapshot.steps.length === lesson.steps.length && !snapshot.busy) resolve();
	});
});
delay.disable();
app.unmount();
lab.dispose();
const achieved = first && last && last.at > first.at ? ((last.totals.sent - first.totals.sent) * 1000) / (last.at - first.at) : 0;
process.stdout.write(
	`${JSON.stringify({
		targetRate: rate,
		achievedRate: achieved,
		loopDelayP99Ms: delay.percentile(99) / 1e6,
		loopDelayMaxMs: delay.max / 1e6,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		screenWrites: stdout.writes,
	})}\n`,
);
