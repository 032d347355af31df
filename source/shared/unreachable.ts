/**
 * The end of a switch that handles every case: TypeScript refuses to compile
 * it once a new case (a screen, a mode, an action) is added and not handled.
 */
export function unreachable(value: never, what: string): never {
	throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
