// Types for natural's Porter stemmer, imported by deep path: the package root loads database
// drivers and reads .env (FIELD-NOTES), and its own typings only cover the root.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
