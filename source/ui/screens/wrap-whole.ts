import {wrap} from '../../shared/format.js';

/**
 * Words wrapped to width, as `wrap` does, except that a word longer than a
 * line (a path, a command) is broken across lines rather than cut: guidance
 * is never lost to an ellipsis.
 */
export function wrapWhole(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const words = text.split(/\s+/).flatMap(word => (word.length <= size ? [word] : (word.match(new RegExp(`.{1,${size}}`, 'gu')) ?? [])));
	return wrap(words.join(' '), size);
}
