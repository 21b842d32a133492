/** The little of citation-js the citation tests use: reading RIS and CSL-JSON into CSL items. */
declare module '@citation-js/core' {
  export class Cite {
    static async(input: string): Promise<Cite>;
    data: unknown[];
  }
}
declare module '@citation-js/plugin-ris';
