import { useLocale } from './i18n/locale.ts';
/** A responsive image as the media capability describes it; views know nothing of storage. */
export interface PictureView {
  src: string;
  width: number;
  height: number;
  alt: string;
  credit: string;
  creditUrl: string;
  sources: Array<{ type: string; srcset: string }>;
}

export function Picture(props: { image: PictureView; sizes: string; eager?: boolean; class?: string }) {
  const { image } = props;
  return (
    <picture class={props.class}>
      {image.sources.map((s) => (
        <source type={s.type} srcset={s.srcset} sizes={props.sizes} />
      ))}
      <img src={image.src} width={image.width} height={image.height} alt={image.alt} loading={props.eager ? 'eager' : 'lazy'} decoding="async" {...(props.eager ? { fetchpriority: 'high' } : {})} />
    </picture>
  );
}

/** "Source: <credit>", linked when the credit has a URL. */
export function Credit(props: { image: PictureView }) {
  const { credit, creditUrl } = props.image;
  const { t } = useLocale();
  if (!credit) return null;
  return (
    <p class="credit">
      {t('picture.source')}{' '}
      {creditUrl ? (
        <a href={creditUrl} rel="noopener nofollow">
          {credit}
        </a>
      ) : (
        credit
      )}
    </p>
  );
}
