import {Deployment, type DeploymentOptions} from './deployment.js';

/**
 * Owns every run a session starts. The UI begins and ends runs; the CLI
 * disposes the lab after the app exits, so nothing outlives the process.
 */
export class Lab {
	private readonly runs = new Set<Deployment>();

	constructor(readonly options: DeploymentOptions) {}

	begin(): Deployment {
		const run = new Deployment(this.options);
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
