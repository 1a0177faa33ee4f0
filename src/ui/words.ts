/** Words as a sentence starts them: "student survey" → "Student survey". */
export const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1)
