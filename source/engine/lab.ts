import type {RunOptions} from './options.js';
import {DeployRun} from './run.js';

/**
 * Owns every run a session starts. The UI begins and ends runs; the CLI
 * disposes the lab after the app exits, so nothing outlives the process.
 */
export class Lab {
	private readonly runs = new Set<DeployRun>();
	private readonly others = new Set<{dispose(): void}>();

	constructor(readonly options: RunOptions) {}

	/** A fresh run; a lesson may fix some of the load's settings (keep-alive). */
	begin(overrides: Partial<RunOptions> = {}): DeployRun {
		const run = new DeployRun({...this.options, ...overrides});
		this.runs.add(run);
		return run;
	}

	end(run: DeployRun): void {
		run.dispose();
		this.runs.delete(run);
	}

	/** Anything else that holds sockets or processes (a verify run): disposed with the lab; the returned function disposes it sooner. */
	own(thing: {dispose(): void}): () => void {
		this.others.add(thing);
		return () => {
			thing.dispose();
			this.others.delete(thing);
		};
	}

	dispose(): void {
		for (const run of this.runs) run.dispose();
		this.runs.clear();
		for (const thing of this.others) thing.dispose();
		this.others.clear();
	}
}
