/**
 * One screen's keys, written once: its help lists every binding, its footer
 * those with a footer word that apply now. Both are drawn from the same list.
 */
export type Binding = {
	/** The keys, as the help spells them ('↑ ↓', 'q Esc'). */
	keys: string;
	/** What they do, in the help. */
	help: string;
	/** The footer's word for it; absent: in the help only. */
	footer?: string;
	/** The footer's shorter spelling of the keys ('↑↓', 'q'). */
	short?: string;
	/** false: it does not apply now, so the footer leaves it out; the help lists it all the same. */
	now?: boolean;
};

export type Keymap = {
	/** What the help's title names (the screen). */
	title: string;
	bindings: readonly Binding[];
};

/** The footer's entries: the keys that apply now, with their short words. */
export function footerEntries(keymap: Keymap): Array<readonly [keys: string, word: string]> {
	return keymap.bindings.filter(b => b.footer !== undefined && b.now !== false).map(b => [b.short ?? b.keys, b.footer!] as const);
}

/** Bindings every screen spells the same way. */
export const bindings = {
	help: {keys: '?', help: 'this help', footer: 'help'},
	quit: {keys: 'Ctrl+C', help: 'quit zdd-learn'},
	choose: (what: string): Binding => ({keys: '↑ ↓', help: `choose ${what}`, footer: 'choose', short: '↑↓'}),
	/** q or Esc: back to `to`, named `word` in the footer. */
	leave: (to: string, word: string): Binding => ({keys: 'q Esc', help: to, footer: word, short: 'q'}),
} as const satisfies Record<string, Binding | ((...args: string[]) => Binding)>;

/**
 * The keys of a text that scrolls, listed by every such screen's help; the
 * footer names them only when there is more than the screen shows (`now`).
 */
export function scrollBindings(now: boolean): Binding[] {
	return [
		{keys: '↑ ↓', help: 'scroll a line', footer: 'scroll', short: '↑↓', now},
		{keys: 'PgUp PgDn Space', help: 'scroll a page', footer: 'page', short: 'PgDn', now},
		{keys: 'Home End', help: 'the top, the end'},
	];
}
