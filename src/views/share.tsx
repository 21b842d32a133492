import { useLocale } from './i18n/locale.ts';
/** Share links built on the server: plain links, no third-party script, nothing loaded from elsewhere. */
export function shareTargets(url: string, title: string, emailLabel = 'E-mail') {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  return [
    { name: 'X', href: `https://x.com/intent/post?url=${u}&text=${t}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { name: 'Telegram', href: `https://t.me/share/url?url=${u}&text=${t}` },
    { name: 'VK', href: `https://vk.com/share.php?url=${u}&title=${t}` },
    { name: 'WhatsApp', href: `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}` },
    { name: emailLabel, href: `mailto:?subject=${t}&body=${u}` },
  ];
}

export function ShareBlock(props: { url: string; title: string }) {
  const { t } = useLocale();
  return (
    <section class="share" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('share.heading')}</h2>
      <ul class="share-links">
        {shareTargets(props.url, props.title, t('share.email')).map((s) => (
          <li>
            <a href={s.href} rel="noopener noreferrer nofollow" target="_blank">
              {s.name}
            </a>
          </li>
        ))}
        <li>
          <a class="copy-link-fallback" href={props.url}>
            {t('share.link')}
          </a>
          <button type="button" class="copy-link" data-copy-link={props.url} data-copied-text={t('share.copied')} data-prompt-text={t('share.copyPrompt')} hidden>
            {t('share.copy')}
          </button>
        </li>
      </ul>
    </section>
  );
}
