/** The highest request rate a run accepts (every request loop is bounded). */
export const maxRate = 1000;
