/**
 * The one door to `natural`: everything hamdel uses from it, imported by deep path (its root import loads
 * database drivers and reads .env). `npm run build` replaces this file's output with an esbuild bundle of
 * just these modules, so the built package does not depend on `natural` at run time.
 */
import PorterStemmerModule from 'natural/lib/natural/stemmers/porter_stemmer.js';

/** Martin Porter's English stemmer. */
export const PorterStemmer: { stem(word: string): string } = PorterStemmerModule;
