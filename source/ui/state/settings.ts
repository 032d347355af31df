import {createContext, useContext} from 'react';

export type Settings = {
	/** No spinners or other motion; live numbers still update. */
	reducedMotion: boolean;
	/** Seeds the quiz's option order; undefined: a fresh order each attempt. */
	seed?: number;
};

export const SettingsContext = createContext<Settings>({reducedMotion: false});

export function useSettings(): Settings {
	return useContext(SettingsContext);
}
