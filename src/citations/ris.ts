import { invertedName } from './names.ts';
import { dateParts, type CitableWork } from './work.ts';

/**
 * RIS, the tagged format every reference manager imports: `TY  - BLOG` (a blog post), one tag a line,
 * CRLF line endings as the specification asks, and no line break inside a value.
 */
function risLine(tag: string, value: string): string {
  return `${tag}  - ${value.replace(/\s+/g, ' ').trim()}`;
}

const slashDate = (iso: string) => {
  const [y, m, d] = dateParts(iso);
  return `${y}/${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/`;
};

export function risRecord(work: CitableWork): string {
  const lines = [
    risLine('TY', 'BLOG'),
    ...work.authors.map((a) => risLine('AU', invertedName(a))),
    risLine('TI', work.title),
    risLine('T2', work.containerTitle),
    risLine('PY', String(dateParts(work.publishedAt)[0])),
    risLine('DA', slashDate(work.publishedAt)),
    risLine('PB', work.publisher),
    risLine('UR', work.url),
    ...(work.abstract ? [risLine('AB', work.abstract)] : []),
    risLine('LA', work.language),
    ...work.keywords.map((k) => risLine('KW', k)),
    ...(work.accessed ? [risLine('Y2', slashDate(work.accessed))] : []),
    'ER  - ',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
