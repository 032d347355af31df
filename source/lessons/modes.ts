/** The ways to learn a lesson. Every mode reads the lesson's data; none needs code per lesson. */
export const modes = [
	{id: 'guided', title: 'Guided deploy', blurb: 'step through the deploy on real servers, counters live'},
	{id: 'table', title: 'Execution table', blurb: 'the whole table; each step fills its measured cells'},
	{id: 'tracker', title: 'Variable tracker', blurb: 'server states and request handling at each checkpoint'},
	{id: 'code', title: 'Code walk', blurb: 'the code, the line being executed, a note per step'},
	{id: 'moments', title: 'Key moments', blurb: 'replay the deploy to a moment and see the proof'},
	{id: 'quiz', title: 'Quiz', blurb: 'check what you learned, with figures from your run'},
	{id: 'snapshot', title: 'Snapshot', blurb: 'the five-line cheat sheet'},
	{id: 'transcript', title: 'Transcript', blurb: 'the whole story as prose'},
	{id: 'sandbox', title: 'Sandbox', blurb: "free play with this lesson's own actions, on either version, in any order"},
] as const;

export type ModeId = (typeof modes)[number]['id'];

export const modeIds: readonly ModeId[] = modes.map(mode => mode.id);

/** Modes that run a deploy step by step on real servers. */
export type DeployModeId = Extract<ModeId, 'guided' | 'table' | 'tracker' | 'code'>;

export function modeTitle(id: ModeId): string {
	return modes.find(mode => mode.id === id)!.title;
}
