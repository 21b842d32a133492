import type { experts as english } from '../en/experts.ts';

export const experts = {
  'expert.blogTitle': '{name} — блог эксперта',
  'expert.portrait': 'Портрет: {name}',
  'expert.elsewhere': 'Профили:',
  'expert.latest': 'Последняя статья:',
  'blogs.title': 'Блоги экспертов',
  'blogs.intro': 'Каждый эксперт ведёт собственный блог с аналитикой и комментариями.',
  'blogs.empty': 'Блогов экспертов пока нет.',
  'blog.articles': 'Статьи',
  'blog.older': 'Более ранние статьи',
  'blog.empty': 'В этом блоге пока нет статей.',
} as const satisfies Record<keyof typeof english, string>;
