/** A path the load asks, and its share of the requests (a positive whole number). */
export type Route = {path: string; weight: number};

/** What every request of the load carries besides its path: the learner's app's own requests, as its clients send them. */
export type LoadRequest = {method: string; headers: Readonly<Record<string, string>>; body?: string};

/**
 * The route of a request, drawn by weight with `draw` in [0, 1) (the load's
 * seeded random, so a run can be repeated): weights 3 and 1 give the first
 * about three requests in four. Not in turn: a fixed cycle would fall in step
 * with a balancer's round robin (with two instances, every fourth request
 * would always reach the same one).
 */
export function routeOf(routes: readonly Route[], draw: number): Route {
	const total = routes.reduce((sum, route) => sum + route.weight, 0);
	let place = draw * total;
	for (const route of routes) {
		if (place < route.weight) return route;
		place -= route.weight;
	}

	return routes[0]!;
}
