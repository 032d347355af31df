/** Milliseconds for people: 23 ms, 1.95 s. */
export function ms(value: number | undefined): string {
	if (value === undefined) return '—';
	if (value < 1000) return `${Math.round(value)} ms`;
	return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

/** Text cut to width with an ellipsis. */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

export function pad(text: string, width: number): string {
	const cut = fit(text, width);
	return cut + ' '.repeat(Math.max(0, width - cut.length));
}

/** Words wrapped to width; a word longer than width is cut. A no-break space (\u00A0) holds its two sides together. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/[^\S\u00A0]+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = '';
		}

		line = line ? `${line} ${word}` : fit(word, width);
	}

	if (line) lines.push(line);
	return lines;
}

/** Wrapped to at most `lines`, the last one ending in … when there was more. */
export function clip(text: string, width: number, lines: number): string[] {
	if (lines <= 0) return [];
	const all = wrap(text, width);
	if (all.length <= lines) return all;
	const kept = all.slice(0, lines);
	kept[lines - 1] = fit(`${kept[lines - 1]!} ${all[lines]!}`, width);
	return kept;
}

/** Items joined by `separator`, broken into lines of width between items, never inside one. */
export function wrapItems(items: readonly string[], width: number, separator = ' · '): string[] {
	const lines: string[] = [];
	let line = '';
	for (const item of items) {
		if (line && line.length + separator.length + item.length > width) {
			lines.push(line);
			line = '';
		}

		line = line ? `${line}${separator}${item}` : fit(item, width);
	}

	if (line) lines.push(line);
	return lines;
}

export function percent(part: number, whole: number): string {
	if (whole === 0) return '0 %';
	return `${((part * 100) / whole).toFixed(1)} %`;
}
