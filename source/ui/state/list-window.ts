/**
 * The rows of a list screen too short for all of it: which items show, and
 * how many lines the detail under the list keeps. Pure; ListScreen draws it.
 */

/** The items shown in `rows` lines around the cursor; a cue line ("↑ 2 more") takes a line of its own. */
export function listWindow(count: number, cursor: number, rows: number): {start: number; end: number; above: number; below: number} {
	if (rows >= count || rows < 3) return {start: 0, end: count, above: 0, below: 0};
	// With cues above and below, rows - 2 items show; at either end, one cue only.
	let shown = rows - 2;
	let start = Math.min(Math.max(0, cursor - Math.floor((shown - 1) / 2)), count - shown);
	if (start === 0) {
		shown = rows - 1;
	} else if (start + shown >= count) {
		shown = rows - 1;
		start = count - shown;
	}

	const end = Math.min(count, start + shown);
	return {start, end, above: start, below: count - end};
}

/**
 * How a screen of `rows` lines is shared when `fixed` lines are taken (the
 * header, the footer, the gaps): the list gets all its items if it can, the
 * detail (with the blank line above it) what is left; when both cannot fit,
 * the list keeps at least `minList` lines and the detail is cut.
 * One line is left free at the bottom, so the terminal never scrolls.
 */
export function shareRows({
	rows,
	fixed,
	items,
	detail,
	minList = 6,
}: {
	rows: number;
	fixed: number;
	items: number;
	detail: number;
	minList?: number;
}): {list: number; detail: number} {
	const room = rows - 1 - fixed;
	const detailNeeds = detail > 0 ? detail + 1 : 0;
	if (items + detailNeeds <= room) return {list: items, detail};
	const list = Math.min(items, Math.max(Math.min(items, minList), room - detailNeeds, 3));
	const left = room - list - 1;
	return {list, detail: Math.max(0, Math.min(detail, left))};
}
