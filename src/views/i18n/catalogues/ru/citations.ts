import type { citations as english } from '../en/citations.ts';

export const citations = {
  'cite.heading': 'Как сослаться на статью',
  'cite.style.gost': 'ГОСТ Р 7.0.100–2018',
  'cite.style.apa': 'APA (7-е издание)',
  'cite.style.chicago': 'Chicago (17-е издание)',
  'cite.style.mla': 'MLA (9-е издание)',
  'cite.download': 'Скачать описание:',
  'cite.downloadAs': 'Скачать описание в формате {format}',
  'cite.suggested': 'Для цитирования:',
  'cite.copy': 'Копировать',
  'cite.copyStyle': 'Копировать ссылку: {style}',
  'cite.copied': 'Скопировано',
  'cite.copiedStatus': 'Ссылка скопирована: {style}',
  'cite.selectToCopy': 'Нажмите Ctrl+C или ⌘C, чтобы скопировать выделенную ссылку',
} as const satisfies Record<keyof typeof english, string>;
