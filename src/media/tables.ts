import type { Generated } from 'kysely';

export interface MediaTable {
  id: Generated<number>;
  /** sha256 of the original bytes, hex; names every URL of this image. */
  hash: string;
  mime: string;
  width: number;
  height: number;
  alt: string;
  credit: string;
  creditUrl: string;
  /** The widths of the variants, "480,800,1200": kept here so that showing an image needs no second query. */
  variantWidths: string;
  original: Buffer;
  createdAt: string;
}
export interface MediaVariantsTable {
  mediaId: number;
  format: string;
  width: number;
  height: number;
  bytes: Buffer;
}
export interface MediaTables {
  media: MediaTable;
  mediaVariants: MediaVariantsTable;
}
