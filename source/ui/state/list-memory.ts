import {createContext, useContext} from 'react';

/**
 * Where the learner left each list: the key of its highlighted row, by the
 * list's name ("menu", "modes:<lesson>", …). The app holds one for as long as
 * it runs, so coming back to a list puts the cursor where it was.
 */
export type ListMemory = Map<string, string>;

export const ListMemoryContext = createContext<ListMemory | undefined>(undefined);

/** The list's remembered row and a way to remember one; without an app around it, nothing is kept. */
export function useListMemory(name: string | undefined): {remembered: string | undefined; remember: (key: string) => void} {
	const memory = useContext(ListMemoryContext);
	return {
		remembered: name === undefined ? undefined : memory?.get(name),
		remember(key) {
			if (name !== undefined) memory?.set(name, key);
		},
	};
}

/** The index of the remembered row among the items, if it is still there. */
export function rememberedIndex(items: ReadonlyArray<{key: string}>, remembered: string | undefined): number | undefined {
	if (remembered === undefined) return undefined;
	const index = items.findIndex(item => item.key === remembered);
	return index >= 0 ? index : undefined;
}
