import {fit, ms, wrap} from '../shared/format.js';
import type {RaceOptions, RaceResult} from './race.js';

/** A strategy's name in `width` characters: its title when it fits, else its short name (the comparisons' columns). */
export function strategyName(s: {title: string; short?: string}, width: number): string {
	return fit(s.title.length <= width || s.short === undefined ? s.title : s.short, width);
}

/** A strategy's one name in the race, whatever the width: its short name (its title when it has none). */
export function raceName(s: {title: string; short?: string}, width: number): string {
	return fit(s.short ?? s.title, width);
}

type Column = {head: string; width: number; cell: (r: RaceResult) => string; wide?: boolean};

const columns: Column[] = [
	{head: 'sent', width: 5, cell: r => String(r.sent)},
	{head: 'old', width: 5, cell: r => String(r.old)},
	{head: 'new', width: 5, cell: r => String(r.new)},
	{head: 'refused', width: 8, cell: r => String(r.refused)},
	{head: 'reset', width: 6, cell: r => String(r.reset)},
	{head: '5xx', width: 5, cell: r => String(r.status5xx)},
	{head: 'other', width: 6, cell: r => String(r.other), wide: true},
	{head: 't/o', width: 4, cell: r => String(r.timeout)},
	{head: 'retried', width: 8, cell: r => (r.retry ? String(r.retried) : '—'), wide: true},
	{head: 'gap', width: 8, cell: r => (r.gapMs === null ? '—' : ms(r.gapMs))},
	{head: 'p50', width: 8, cell: r => ms(r.p50), wide: true},
	{head: 'p99', width: 8, cell: r => ms(r.p99)},
	{head: 'max', width: 8, cell: r => ms(r.max), wide: true},
];

export function verdictText(r: RaceResult): string {
	return r.zeroDowntime ? '✔ zero' : '✖ drops';
}

/** The width of the table's name column at this terminal width. */
export function nameWidth(width: number): number {
	const shown = columns.filter(column => !column.wide || width >= 110);
	return Math.max(14, Math.min(34, width - shown.reduce((sum, c) => sum + c.width, 0) - 9));
}

/** The race as lines of text, as wide as the terminal allows (p50 and max from 110 columns): a row per strategy, and its requirement's note. */
export function raceTable(results: readonly RaceResult[], width: number): string[] {
	return [raceHeader(width), ...results.flatMap(r => [raceRow(r, width), ...requirementNote(r, width)])];
}

function line(width: number, first: string, cells: (column: Column) => string, last: string): string {
	const shown = columns.filter(column => !column.wide || width >= 110);
	const name = nameWidth(width);
	return fit(first, name).padEnd(name) + shown.map(column => cells(column).padStart(column.width)).join('') + `  ${last}`;
}

/** The table's head: the columns shown at this width. */
export function raceHeader(width: number): string {
	return line(width, 'strategy', column => column.head, 'verdict');
}

/** One strategy's measured row. */
export function raceRow(r: RaceResult, width: number): string {
	return line(width, raceName(r, nameWidth(width)), column => column.cell(r), verdictText(r));
}

/**
 * Beneath a strategy whose lesson needs what this Node or system lacks: what
 * it needs, and that the row measured the fallback (with the error codes its
 * steps met, e.g. EADDRINUSE from a second listen() without reusePort).
 * Wrapped to the width; none when the requirement is met.
 */
export function requirementNote(r: Pick<RaceResult, 'unmet' | 'stepErrors'>, width: number, node = process.version): string[] {
	if (r.unmet === null) return [];
	const met = r.stepErrors.length > 0 ? ` (${r.stepErrors.join(', ')})` : '';
	return wrap(`needs ${r.unmet}; on Node ${node.replace(/^v/, '')} it ran the fallback${met}`, width - 4).map(
		(text, i) => `${i === 0 ? '  ↳ ' : '    '}${text}`,
	);
}

/** What the race ran under, as its screen's title and its plain output's first line say it. */
export function raceTitle(options: Pick<RaceOptions, 'rate' | 'durationMs' | 'keepAlive'>): string {
	return `zdd-learn race · ${options.rate} req/s · ~${(options.durationMs / 1000).toFixed(1)} s each · keep-alive ${options.keepAlive ? 'on' : 'off'} (or a lesson's own)`;
}

/** What the columns and marks mean. */
export const raceLegend = 't/o timed out · gap first to last failure · ✔ none failed · ✖ some failed';

/** One line on the whole race: how many reached zero, and whether every count added up. */
export function raceVerdict(results: readonly RaceResult[]): string {
	const zero = results.filter(r => r.zeroDowntime).length;
	// A claim of failures that this run did not meet: the load may have been too light to meet the gap.
	const light = (r: RaceResult) => r.agreement === 'disagrees' && r.claimsZero === false && r.zeroDowntime;
	const disagree = results.filter(r => r.agreement === 'disagrees' && !light(r)).map(r => r.short);
	const missed = results.filter(r => light(r)).map(r => r.short);
	const undecided = results.filter(r => r.agreement === 'undecided').map(r => r.short);
	const broken = results.filter(r => !r.conserved).map(r => r.short);
	const behind = results.filter(r => r.fellBehind).map(r => r.short);
	return [
		`${zero} of ${results.length} strategies dropped nothing.`,
		disagree.length > 0
			? `Differs from its lesson's claim: ${disagree.join(', ')}.`
			: undecided.length > 0 || missed.length > 0
				? ''
				: 'Every result agrees with its lesson.',
		missed.length > 0 ? `Claimed to fail, and nothing failed in this run (too light a load to meet the gap?): ${missed.join(', ')}.` : '',
		undecided.length > 0 ? `Cannot tell, the machine fell behind: ${undecided.join(', ')}.` : '',
		behind.length > 0
			? `⚠ This machine could not keep the load's schedule during: ${behind.join(', ')}; timeouts there say more about the machine than about the deploy.`
			: '',
		broken.length > 0 ? `Counts do not add up for: ${broken.join(', ')}.` : 'Every request sent ended in exactly one outcome.',
	]
		.filter(Boolean)
		.join(' ');
}

/** What a strategy's lesson claims for it, in words, and whether this run bears it out. */
export function claimWords(result: RaceResult, results: readonly RaceResult[]): string | undefined {
	const other = result.fewerFailuresThan === null ? undefined : results.find(r => r.id === result.fewerFailuresThan);
	const says =
		result.claimsZero === true
			? 'it drops none'
			: result.claimsZero === false
				? 'it drops requests'
				: result.fewerFailuresThan === null
					? undefined
					: `it fails fewer requests than ${other?.short ?? result.fewerFailuresThan}`;
	if (says === undefined) return undefined;
	// Raced without the way it is measured against: nothing to judge it by.
	if (result.fewerFailuresThan !== null && !other) return `The lesson says ${says} (not run here)`;
	const verdict = {agrees: 'this run agrees', disagrees: 'this run disagrees', undecided: 'this run cannot tell (the machine fell behind)'}[
		result.agreement
	];
	return `The lesson says ${says} · ${verdict}`;
}
