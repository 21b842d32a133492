import '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { Actor, UserActor } from '../core/actor.ts';
import { requirePermission } from '../core/policy.ts';
import type { SiteView } from '../views/site.ts';
import { editionLanguages, type EditionLanguage } from '../views/i18n/languages.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { formProblem } from '../office/refusals.ts';
import { OfficePage, sendOfficePage } from '../office/layout.tsx';
import { Checkbox, ErrorSummary, Field, PostForm, TextArea, type FieldErrors } from '../office/forms.tsx';
import { builtInMenuItems, footerTextMaxLength, getSiteAppearance, maxMenuItems, menuHrefMaxLength, menuLabelMaxLength, type MenuItem, type SiteImage, type StoredAppearance } from './appearance.ts';
import { setSiteImage, updateSiteAppearance, type AppearanceInput } from './appearance-commands.ts';
import { getSiteSettings } from './store.ts';
import { sitePermissions } from './policies.ts';

/**
 * Stores an uploaded image in the media library and answers it as the settings keep it. Media sits above
 * site, so the composition (src/app.tsx) passes this in; it runs media's own upload command.
 */
export type SiteImageUploader = (ctx: AppContext & { ip: string }, actor: Actor, bytes: Buffer, purpose: 'logo' | 'favicon') => Promise<SiteImage>;

const path = '/admin/settings/appearance';
/** A logo or favicon is small: a larger file is a photograph sent by mistake. */
const maxImageBytes = 5 * 1024 * 1024;
/** Empty rows under the links, for new ones: more come with each save. */
const spareRows = 3;
/** The most rows a form may send, however it was made. */
const maxRows = maxMenuItems + spareRows + 10;

const notices = {
  saved: 'Menu and footer saved. Every page now shows them.',
  logo: 'Logo saved. Every page now shows it.',
  favicon: 'Favicon saved.',
  'logo-removed': 'Logo removed.',
  'favicon-removed': 'Favicon removed.',
};

type Lists = 'menu' | 'footer';

/** A link's row as the form shows it: what was typed, the order number, and its labels in other languages. */
interface LinkRow {
  label: string;
  href: string;
  order: string;
  labels: Partial<Record<EditionLanguage, string>>;
}

interface FormValues {
  menu: LinkRow[];
  builtIn: boolean;
  footer: LinkRow[];
  footerText: string;
  footerTexts: Partial<Record<EditionLanguage, string>>;
  logoOnly: boolean;
}

const rowsOf = (items: MenuItem[]): LinkRow[] => [
  ...items.map((item, at) => ({ label: item.label, href: item.href, order: String(at + 1), labels: item.labels ?? {} })),
  ...Array.from({ length: spareRows }, () => ({ label: '', href: '', order: '', labels: {} })),
];

function savedValues(stored: StoredAppearance, defaultLanguage: EditionLanguage): FormValues {
  return {
    menu: rowsOf(stored.menu ?? builtInMenuItems(defaultLanguage)),
    builtIn: stored.menu === undefined,
    footer: rowsOf(stored.footerLinks),
    footerText: stored.footerText,
    footerTexts: stored.footerTexts,
    logoOnly: stored.logoOnly,
  };
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

/** The rows a form sent for one list, in the form's order (`menu.3.label`), numbered from 0 as the form shown back numbers them. */
function rowsFrom(body: Record<string, unknown>, list: Lists): Array<LinkRow & { row: number; remove: boolean }> {
  const rows = new Map<number, LinkRow & { row: number; remove: boolean }>();
  for (const [name, value] of Object.entries(body)) {
    const match = new RegExp(`^${list}\\.(\\d{1,3})\\.(label|href|order|remove|labels\\.([a-z]{2}))$`).exec(name);
    if (!match) continue;
    const row = Number(match[1]);
    if (row >= maxRows) continue;
    const entry = rows.get(row) ?? { row, label: '', href: '', order: '', labels: {}, remove: false };
    const field = match[2]!;
    if (field === 'remove') entry.remove = value === '1';
    else if (match[3]) entry.labels[match[3] as EditionLanguage] = textOf(value);
    else entry[field as 'label' | 'href' | 'order'] = textOf(value);
    rows.set(row, entry);
  }
  // Numbered again as the form shown back will number them, so that a problem sits beside its row there.
  return [...rows.values()].sort((a, b) => a.row - b.row).map((entry, at) => ({ ...entry, row: at }));
}

/**
 * The links a list's rows give, in the order their numbers say (a row without one keeps its place after
 * those with one), and which row each came from, to put a problem back beside its field.
 */
function linksFrom(rows: ReturnType<typeof rowsFrom>, list: Lists, errors: FieldErrors): { items: unknown[]; rowOf: number[] } {
  const kept = rows.filter((r) => !r.remove && (r.label.trim() !== '' || r.href.trim() !== '' || Object.values(r.labels).some((l) => l?.trim())));
  for (const r of kept) {
    if (r.order.trim() !== '' && !/^\s*\d{1,3}\s*$/.test(r.order)) errors[`${list}.${r.row}.order`] = 'must be a whole number, such as 3';
  }
  const position = (r: LinkRow & { row: number }) => (r.order.trim() === '' ? Infinity : Number(r.order));
  const sorted = [...kept].sort((a, b) => position(a) - position(b) || a.row - b.row);
  return {
    items: sorted.map((r) => ({ label: r.label, href: r.href, ...(Object.keys(r.labels).length > 0 && { labels: r.labels }) })),
    rowOf: sorted.map((r) => r.row),
  };
}

/** A command's problem with `menu.2.href` is the form's row that became the third link. */
function onRows(errors: FieldErrors, rowOf: Record<'menu' | 'footer_links', number[]>): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const match = /^(menu|footer_links)\.(\d+)\.(label|href|labels\.[a-z]{2})$/.exec(field);
    const row = match && rowOf[match[1] as 'menu' | 'footer_links'][Number(match[2])];
    if (match && row !== undefined) mapped[`${match[1] === 'menu' ? 'menu' : 'footer'}.${row}.${match[3]}`] = message;
    else mapped[field === 'footer_links' ? 'footer.0.label' : field] = message;
  }
  return mapped;
}

function LinkRows(props: { list: Lists; rows: LinkRow[]; otherLanguages: EditionLanguage[]; errors: FieldErrors; noun: string }) {
  const { list, errors } = props;
  return (
    <>
      {props.rows.map((row, at) => {
        const name = (field: string) => `${list}.${at}.${field}`;
        const spare = row.label === '' && row.href === '';
        return (
          <fieldset class="office-fieldset">
            <legend>{spare ? `New ${props.noun}` : `${props.noun[0]!.toUpperCase()}${props.noun.slice(1)} ${at + 1}`}</legend>
            <div class="link-row">
              <Field name={name('label')} label="Label" value={row.label} errors={errors} maxLength={menuLabelMaxLength} />
              <Field name={name('href')} label="Address" value={row.href} errors={errors} maxLength={menuHrefMaxLength} placeholder="/about or https://…" />
              <Field name={name('order')} label="Order" type="number" value={row.order} errors={errors} inputMode="numeric" />
              {props.otherLanguages.map((language) => (
                <Field
                  name={name(`labels.${language}`)}
                  label={`Label in ${editionLanguages[language].nativeName}`}
                  value={row.labels[language] ?? ''}
                  errors={errors}
                  maxLength={menuLabelMaxLength}
                />
              ))}
            </div>
            {!spare && <Checkbox name={name('remove')} label={`Remove this ${props.noun}`} />}
          </fieldset>
        );
      })}
    </>
  );
}

interface AppearancePageProps {
  site: SiteView;
  actor: UserActor;
  stored: StoredAppearance;
  values: FormValues;
  otherLanguages: EditionLanguage[];
  errors: FieldErrors;
  /** A problem with an upload, by the form it came from. */
  imageErrors: Partial<Record<'logo' | 'favicon', string>>;
  notice?: string;
}

function ImageSection(props: { which: 'logo' | 'favicon'; image?: SiteImage; csrf: string; error?: string; siteName: string }) {
  const { which, image } = props;
  const title = which === 'logo' ? 'Logo' : 'Favicon';
  const fileField = `${which}_file`;
  const errors: FieldErrors = props.error ? { [fileField]: props.error } : {};
  return (
    <section class="office-panel" aria-labelledby={`${which}-heading`}>
      <h2 id={`${which}-heading`}>{title}</h2>
      <p>
        {which === 'logo'
          ? 'Shown in the masthead of every page, as tall as the site’s name; a wide logo in PNG or WebP with a transparent background works best. In dark mode it sits on a light plate.'
          : 'The small picture in browser tabs and bookmarks: a square image of at least 48 × 48 pixels.'}
      </p>
      {image ? (
        <img class={`appearance-preview ${which}`} src={image.src} width={image.width} height={image.height} alt={which === 'logo' ? `The current logo of ${props.siteName}` : 'The current favicon'} />
      ) : (
        <p>{which === 'logo' ? 'No logo: the masthead shows the site’s name.' : 'No favicon of the site’s own: Rostrum’s is shown.'}</p>
      )}
      <ErrorSummary errors={errors} labels={{ [fileField]: `${title} image` }} />
      {/* A file upload without JavaScript is multipart, whose fields the guard reads too late: the token rides in the address. */}
      <PostForm action={`${path}/${which}?_csrf=${encodeURIComponent(props.csrf)}`} csrf={props.csrf} enctype="multipart/form-data">
        <div class={`field${props.error ? ' has-error' : ''}`}>
          <label for={`field-${fileField}`}>{image ? `A new ${which}` : `Choose a ${which}`}</label>
          {props.error && (
            <p class="field-error" id={`field-${fileField}-error`}>
              {props.error}
            </p>
          )}
          <input
            type="file"
            id={`field-${fileField}`}
            name={fileField}
            accept="image/png,image/jpeg,image/webp,image/avif,image/gif"
            required
            aria-describedby={props.error ? `field-${fileField}-error` : undefined}
          />
        </div>
        <button type="submit" class="button button-primary">
          Upload {which}
        </button>
      </PostForm>
      {image && (
        <PostForm action={`${path}/${which}/remove`} csrf={props.csrf}>
          <button type="submit" class="button">
            Remove the {which}
          </button>
        </PostForm>
      )}
    </section>
  );
}

function AppearancePage(props: AppearancePageProps) {
  const { values, errors, otherLanguages } = props;
  const csrf = props.actor.session!.csrfToken;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Logo, menu and footer" section="settings" notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/settings">Site settings</a>
      </p>
      <h1>Logo, menu and footer</h1>
      <ImageSection which="logo" image={props.stored.logo} csrf={csrf} error={props.imageErrors.logo} siteName={props.site.name} />
      <ImageSection which="favicon" image={props.stored.favicon} csrf={csrf} error={props.imageErrors.favicon} siteName={props.site.name} />
      <section aria-labelledby="menu-heading">
        <h2 id="menu-heading">Menu and footer</h2>
        <ErrorSummary errors={errors} />
        <PostForm action={path} csrf={csrf} class="office-form">
          <Checkbox
            name="logo_only"
            label="Show the logo alone in the masthead"
            checked={values.logoOnly}
            hint="The site’s name is then the logo’s text for screen readers and search engines. Without a logo, the name is shown."
          />
          <fieldset class="office-fieldset">
            <legend>Masthead menu</legend>
            <p class="field-hint">
              The links under the site’s name, at most {maxMenuItems}, in the order of their numbers. An address is a page of this site (/blogs, /about) or a web address (https://…); on the site’s
              other editions a page of this site is that edition’s. Pages marked for the masthead follow these links.
            </p>
            <p class="field-hint">{values.builtIn ? 'This is the built-in menu: left as it is, each edition shows it in its own language.' : 'This menu is the site’s own.'}</p>
            {!values.builtIn && (
              <Checkbox name="menu_builtin" label="Put the built-in menu back" hint="Blogs, polls, regions and the three portals, each in the edition’s own language, in place of the links below." />
            )}
            <LinkRows list="menu" rows={values.menu} otherLanguages={otherLanguages} errors={errors} noun="link" />
          </fieldset>
          <fieldset class="office-fieldset">
            <legend>Footer</legend>
            <TextArea
              name="footer_text"
              label="Footer text"
              value={values.footerText}
              errors={errors}
              rows={2}
              maxLength={footerTextMaxLength}
              hint="A line or two under the footer’s links, as plain text: an address, a registration number."
            />
            {otherLanguages.map((language) => (
              <TextArea
                name={`translations.${language}.footer_text`}
                label={`Footer text in ${editionLanguages[language].nativeName}`}
                value={values.footerTexts[language] ?? ''}
                errors={errors}
                rows={2}
                maxLength={footerTextMaxLength}
                hint="Left empty, the text above."
              />
            ))}
            <LinkRows list="footer" rows={values.footer} otherLanguages={otherLanguages} errors={errors} noun="footer link" />
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button button-primary">
              Save menu and footer
            </button>
          </div>
        </PostForm>
      </section>
    </OfficePage>
  );
}

/** The site's look in the office: logo, favicon, masthead menu, footer. Administrators only, as the other settings. */
export async function appearanceOffice(app: FastifyInstance, ctx: AppContext, uploadSiteImage: SiteImageUploader): Promise<void> {
  const otherLanguages = async () => (await getSiteSettings(ctx.handle)).languages.slice(1);

  async function render(request: FastifyRequest, reply: FastifyReply, form: { values?: FormValues; errors?: FieldErrors; imageErrors?: AppearancePageProps['imageErrors'] } = {}, status = 200) {
    const actor = officeActor(request);
    const [stored, settings] = await Promise.all([getSiteAppearance(ctx.handle), getSiteSettings(ctx.handle)]);
    return sendOfficePage(
      reply,
      <AppearancePage
        site={await ctx.siteView()}
        actor={actor}
        stored={stored}
        values={form.values ?? savedValues(stored, settings.languages[0]!)}
        otherLanguages={settings.languages.slice(1)}
        errors={form.errors ?? {}}
        imageErrors={form.imageErrors ?? {}}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />,
      status,
    );
  }

  app.get(path, async (request, reply) => {
    requirePermission(sitePermissions, officeActor(request), 'list');
    return render(request, reply);
  });

  app.post(path, async (request, reply) => {
    const actor = officeActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const builtIn = body.menu_builtin === '1';
    const errors: FieldErrors = {};
    const menuRows = rowsFrom(body, 'menu');
    const footerRows = rowsFrom(body, 'footer');
    const menu = linksFrom(menuRows, 'menu', errors);
    const footer = linksFrom(footerRows, 'footer', errors);
    const languages = await otherLanguages();
    const input: AppearanceInput = {
      menu: builtIn ? null : (menu.items as AppearanceInput['menu']),
      footer_links: footer.items as AppearanceInput['footer_links'],
      footer_text: body.footer_text as string,
      logo_only: body.logo_only === '1',
      translations: Object.fromEntries(languages.map((language) => [language, { footer_text: textOf(body[`translations.${language}.footer_text`]) }])),
    };
    const typed = (): FormValues => ({
      menu: [...menuRows, ...Array.from({ length: spareRows }, () => ({ label: '', href: '', order: '', labels: {} }))],
      builtIn,
      footer: [...footerRows, ...Array.from({ length: spareRows }, () => ({ label: '', href: '', order: '', labels: {} }))],
      footerText: textOf(body.footer_text),
      footerTexts: Object.fromEntries(languages.map((language) => [language, textOf(body[`translations.${language}.footer_text`])])),
      logoOnly: body.logo_only === '1',
    });
    // The order numbers are the form's own: the command is not asked until they read.
    if (Object.keys(errors).length > 0) {
      requirePermission(sitePermissions, actor, 'updateSettings');
      return render(request, reply, { values: typed(), errors }, 422);
    }
    try {
      await updateSiteAppearance(requestContext(ctx, request), actor, input);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return render(request, reply, { values: typed(), errors: onRows(problem.errors, { menu: menu.rowOf, footer_links: footer.rowOf }) }, problem.status);
    }
    return redirectAfterPost(reply, path, 'saved');
  });

  for (const which of ['logo', 'favicon'] as const) {
    app.post(`${path}/${which}`, async (request, reply) => {
      const actor = officeActor(request);
      // Whoever may not change the settings is refused before the upload is read or stored.
      requirePermission(sitePermissions, actor, 'updateSettings');
      const form = request.isMultipart() ? await readMultipartForm(request, { fileField: `${which}_file`, maxFileBytes: maxImageBytes, maxFields: 5, maxFieldBytes: 1024 }) : { fields: {} };
      const fileError =
        'fileProblem' in form && form.fileProblem
          ? `is too large: a ${which} may be at most ${maxImageBytes / 1024 / 1024} MB`
          : 'file' in form && form.file
            ? undefined
            : `Choose an image file for the ${which}.`;
      if (fileError) return render(request, reply, { imageErrors: { [which]: fileError } }, 'fileProblem' in form && form.fileProblem ? 413 : 422);
      const context = requestContext(ctx, request);
      try {
        const image = await uploadSiteImage(context, actor, (form as { file: Buffer }).file, which);
        await setSiteImage(context, actor, which, image);
      } catch (err) {
        const problem = formProblem(err);
        if (!problem) throw err;
        return render(request, reply, { imageErrors: { [which]: Object.values(problem.errors)[0] ?? 'could not be read as an image' } }, problem.status);
      }
      return redirectAfterPost(reply, path, which);
    });

    app.post(`${path}/${which}/remove`, async (request, reply) => {
      await setSiteImage(requestContext(ctx, request), officeActor(request), which, null);
      return redirectAfterPost(reply, path, `${which}-removed`);
    });
  }
}
