import type { articles as english } from '../en/articles.ts';

export const articles = {
  'article.toc': 'В этой статье',
  'article.readingTime': '{minutes} мин чтения',
  'article.byline': '<expert>{name}</expert>',
  'article.print': 'Версия для печати',
  'article.topics': 'Темы',
  'article.related': 'Аналитика по теме',
  'article.moreFrom': 'Ещё в блоге: {blog}',
  'article.translations': 'Эта статья на других языках',
  'article.translationOf': 'Перевод с языка: {language}',
  'front.featured': 'Главный материал',
  'front.latest': 'Новая аналитика',
  'front.allBlogs': 'Все блоги экспертов',
  'front.blogs': 'Блоги экспертов',
} as const satisfies Record<keyof typeof english, string>;
