/** The reader's words of the article page, its print version and the front page. */
export const articles = {
  'article.toc': 'In this article',
  'article.readingTime': '{minutes} min read',
  'article.byline': 'by <expert>{name}</expert>',
  'article.print': 'Print',
  'article.topics': 'Topics',
  'article.related': 'Related analysis',
  'article.moreFrom': 'More from {blog}',
  'article.translations': 'Also in',
  'article.translationOf': 'Translated from {language}',
  'front.featured': 'Featured analysis',
  'front.latest': 'Latest analysis',
  'front.allBlogs': 'All expert blogs',
  'front.blogs': 'Expert blogs',
} as const;
