declare module 'vnu-jar' {
  /** Path of the Nu Html Checker's jar. */
  const jarPath: string;
  export default jarPath;
}
