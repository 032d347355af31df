import type {Lesson} from './schema.js';

function versionParts(version: string): number[] {
	return version.replace(/^v/, '').split('.').map(Number);
}

/** Whether this Node meets the lesson's requirement. */
export function requirementMet(
	lesson: Pick<Lesson, 'requires'>,
	nodeVersion = process.version,
	platform: string = process.platform,
): boolean {
	if (!lesson.requires) return true;
	const {platforms} = lesson.requires;
	if (platforms && !platforms.includes(platform)) return false;
	const have = versionParts(nodeVersion);
	const firsts = [lesson.requires.node].flat().map(versionParts);
	// The first version of this release line that has it; a line after the last one named has it from .0.
	const line = firsts.find(first => first[0] === have[0]) ?? (have[0]! > firsts.at(-1)![0]! ? [have[0]!, 0, 0] : firsts[0]!);
	for (let i = 0; i < 3; i++) {
		if ((have[i] ?? 0) !== (line[i] ?? 0)) return (have[i] ?? 0) > (line[i] ?? 0);
	}

	return true;
}

/** process.platform's names as people say them, with the kernels Node's net.md gives for reusePort. */
const systems: Record<string, string> = {linux: 'Linux 3.9+', freebsd: 'FreeBSD 12.0+', sunos: 'Solaris 11.4', aix: 'AIX 7.2.5+'};

/** What a lesson needs, in words: "Node 22.12+ (23.1+ on the 23 line) on Linux 3.9+ or FreeBSD 12.0+ (…)". */
export function requirementText(requires: NonNullable<Lesson['requires']>): string {
	const [first, ...others] = [requires.node].flat().map(version => version.replace(/\.0$/, ''));
	const lines = others.length > 0 ? ` (${others.map(v => `${v}+ on the ${v.split('.')[0]!} line`).join(', ')})` : '';
	const names = requires.platforms?.map(platform => systems[platform] ?? platform);
	const on = names
		? ` on ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}` : names[0]!} (only the system is checked, not its version)`
		: '';
	return `Node ${first!}+${lines}${on}`;
}

/** The verdict that applies on this Node. */
export function verdictFor(lesson: Pick<Lesson, 'requires' | 'verdict'>, nodeVersion = process.version): Lesson['verdict'] {
	return requirementMet(lesson, nodeVersion) || !lesson.requires ? lesson.verdict : lesson.requires.unmet;
}
