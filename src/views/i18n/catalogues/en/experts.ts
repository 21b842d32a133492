/** The reader's words of the expert blogs. */
export const experts = {
  'expert.blogTitle': "{name}'s Blog",
  'expert.portrait': 'Portrait of {name}',
  'expert.elsewhere': 'Elsewhere:',
  'expert.latest': 'Latest:',
  'blogs.title': 'Expert blogs',
  'blogs.intro': 'Every expert keeps a blog of their own analysis and commentary.',
  'blogs.empty': 'No expert blogs yet.',
  'blog.articles': 'Articles',
  'blog.older': 'Older articles',
  'blog.empty': 'This blog has no articles yet.',
} as const;
