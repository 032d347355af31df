/** The race's own load: a module of its own, so the CLI's entry can name its rate without loading the engine. */
export const raceDefaults = {
	rate: 200,
	durationMs: 500,
	// Shorter slow requests than the lessons', so a full race stays within seconds.
	slowMinMs: 150,
	slowMaxMs: 250,
	timeoutMs: 2000,
	drainDeadlineMs: 600,
} as const;
