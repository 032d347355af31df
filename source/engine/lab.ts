import {Deployment, type DeploymentOptions} from './deployment.js';

/**
 * Owns every run a session starts. The UI begins and ends runs; the CLI
 * disposes the lab after the app exits, so nothing outlives the process.
 */
export class Lab {
	private readonly runs = new Set<Deployment>();

	constructor(readonly options: DeploymentOptions) {}

	/** A fresh run; a lesson may fix some of the load's settings (keep-alive). */
	begin(overrides: Partial<DeploymentOptions> = {}): Deployment {
		const run = new Deployment({...this.options, ...overrides});
		this.runs.add(run);
		return run;
	}

	end(run: Deployment): void {
		run.dispose();
		this.runs.delete(run);
	}

	dispose(): void {
		for (const run of this.runs) run.dispose();
		this.runs.clear();
	}
}
