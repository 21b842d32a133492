import type { FastifyInstance, FastifyReply } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import type { SiteView } from '../views/site.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { formProblem } from '../office/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { OfficePage, sendOfficePage } from '../office/layout.tsx';
import { ErrorSummary, Field, PostForm, Select, TextArea, type FieldErrors } from '../office/forms.tsx';
import { getSiteSettings, type SiteSettings, type SiteTexts } from './store.ts';
import { editionLanguageCodes, editionLanguages, isEditionLanguage, type EditionLanguage } from '../views/i18n/languages.ts';
import { updateSiteSettings, type SettingsChanges } from './commands.ts';
import { sitePermissions } from './policies.ts';
import { siteSettingsMaxLengths as maxLengths } from './fields.ts';
import { isBrandColor } from './brand-color.ts';
import { timeZoneChoices } from './time-zone-choices.ts';

const labels: Record<string, string> = { name: 'Site name', tagline: 'Tagline', description: 'Description', brand_color: 'Brand colour', languages: 'Languages', time_zone: 'Time zone' };
for (const code of editionLanguageCodes) {
  const language = editionLanguages[code].nativeName;
  Object.assign(labels, {
    [`translations.${code}.name`]: `Site name (${language})`,
    [`translations.${code}.tagline`]: `Tagline (${language})`,
    [`translations.${code}.description`]: `Description (${language})`,
  });
}
const timeZoneHint =
  'The office shows and takes every time (publication, scheduling, polls, the audit log) on this zone’s clocks, and readers’ pages date articles by its days. Times are kept in UTC, so changing the zone moves no article.';
const notices = { saved: 'Settings saved. Every page now shows them.' };

interface SettingsText {
  name: string;
  tagline: string;
  description: string;
  brandColor: string;
  /** The languages as typed: "en, ru". */
  languages: string;
  timeZone: string;
  translations: Partial<Record<EditionLanguage, SiteTexts>>;
}

/** "en, ru" → ["en", "ru"]; what is not a code is kept for the rules to refuse with a message. */
const languageList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);

/**
 * Without JavaScript a browser sends both the colour picker and the hex text. Whichever the person
 * changed is the new colour: the text when it differs from the saved colour, else the picker.
 */
export function chosenColour(saved: string, text: string, picked: string): string {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  if (text.trim() !== '' && !same(text, saved)) return text.trim();
  return picked !== '' && !same(picked, saved) ? picked : text.trim() || saved;
}

function SettingsPage(props: { site: SiteView; actor: UserActor; values: SettingsText; errors: FieldErrors; notice?: string }) {
  const { values, errors } = props;
  const pickerValue = isBrandColor(values.brandColor) ? values.brandColor.toLowerCase() : props.site.brandColor;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Site settings" section="settings" notice={props.notice}>
      <h1>Site settings</h1>
      <p>
        <a href="/admin/settings/appearance">Logo, favicon, masthead menu and footer</a>
      </p>
      <ErrorSummary errors={errors} labels={labels} />
      <PostForm action="/admin/settings" csrf={props.actor.session!.csrfToken} class="office-form">
        <Field name="name" label="Site name" value={values.name} errors={errors} required maxLength={maxLengths.name} hint="In every page’s header and title." />
        <Field name="tagline" label="Tagline" value={values.tagline} errors={errors} maxLength={maxLengths.tagline} hint="A few words under the name." />
        <TextArea name="description" label="Description" value={values.description} errors={errors} rows={3} maxLength={maxLengths.description} hint="What search engines and shared links show." />
        <Field
          name="languages"
          label="Languages"
          value={values.languages}
          errors={errors}
          maxLength={100}
          hint={`The site’s editions, the default first, separated by commas. The default edition is at the site’s plain addresses, each other one under its code (/ru/…). Rostrum speaks ${editionLanguageCodes.map((code) => `${editionLanguages[code].nativeName} (${code})`).join(', ')}.`}
        />
        {parsedLanguages(values.languages)
          .slice(1)
          .map((code) => (
            <fieldset class="office-fieldset" lang={code}>
              <legend lang="en">In {editionLanguages[code].nativeName}</legend>
              <p class="field-hint" lang="en">
                What the {editionLanguages[code].nativeName} edition calls the site. Left empty, a text is shown in the default language.
              </p>
              <Field name={`translations.${code}.name`} label="Site name" value={values.translations[code]?.name ?? ''} errors={errors} maxLength={maxLengths.name} />
              <Field name={`translations.${code}.tagline`} label="Tagline" value={values.translations[code]?.tagline ?? ''} errors={errors} maxLength={maxLengths.tagline} />
              <TextArea
                name={`translations.${code}.description`}
                label="Description"
                value={values.translations[code]?.description ?? ''}
                errors={errors}
                rows={3}
                maxLength={maxLengths.description}
              />
            </fieldset>
          ))}
        <Select name="time_zone" label="Time zone" value={values.timeZone} errors={errors} choices={timeZoneChoices(values.timeZone)} hint={timeZoneHint} />
        <fieldset class={`colour-choice${errors.brand_color ? ' has-error' : ''}`}>
          <legend>Brand colour</legend>
          <p class="field-hint">Used for links, buttons and the top rule. The site darkens or lightens it where text needs the contrast.</p>
          <div class="colour-pair">
            <div class="field">
              <label for="field-brand_color_picker">Pick a colour</label>
              <input type="color" id="field-brand_color_picker" name="brand_color_picker" value={pickerValue} />
            </div>
            <Field name="brand_color" label="Or type its hex code" value={values.brandColor} errors={errors} maxLength={7} hint="Six hex digits, such as #8a1c2b." />
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Save settings
          </button>
        </div>
      </PostForm>
    </OfficePage>
  );
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');
const asText = (s: SiteSettings): SettingsText => ({
  name: s.name,
  tagline: s.tagline,
  description: s.description,
  brandColor: s.brandColor,
  languages: s.languages.join(', '),
  timeZone: s.timeZone,
  translations: s.translations,
});

/** The languages typed that Rostrum knows, for the form's fieldsets (the rules judge the rest on saving). */
const parsedLanguages = (text: string) => [...new Set(languageList(text).filter(isEditionLanguage))];

/** The texts in other languages as the form sent them, for the languages the form showed fields for. */
function translationsFrom(body: Record<string, unknown>): Partial<Record<EditionLanguage, SiteTexts>> {
  const translations: Partial<Record<EditionLanguage, SiteTexts>> = {};
  for (const code of editionLanguageCodes) {
    const field = (name: string) => body[`translations.${code}.${name}`];
    if (field('name') === undefined && field('tagline') === undefined && field('description') === undefined) continue;
    translations[code] = { name: textOf(field('name')), tagline: textOf(field('tagline')), description: textOf(field('description')) };
  }
  return translations;
}

/** Site settings in the editorial office: administrators only. */
export async function settingsOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const render = async (reply: FastifyReply, actor: UserActor, values: SettingsText, errors: FieldErrors, status: number, notice?: string) =>
    sendOfficePage(reply, <SettingsPage site={await ctx.siteView()} actor={actor} values={values} errors={errors} notice={notice} />, status);

  app.get('/admin/settings', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(sitePermissions, actor, 'list');
    return render(reply, actor, asText(await getSiteSettings(ctx.handle)), {}, 200, noticeFrom(request, notices));
  });

  app.post('/admin/settings', async (request, reply) => {
    const actor = officeActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const saved = await getSiteSettings(ctx.handle);
    const colour = chosenColour(saved.brandColor, textOf(body.brand_color), textOf(body.brand_color_picker));
    const languages = typeof body.languages === 'string' ? languageList(body.languages) : undefined;
    const translations = translationsFrom(body);
    const input = {
      name: body.name,
      tagline: body.tagline,
      description: body.description,
      brand_color: isBrandColor(colour) ? colour.toLowerCase() : colour,
      ...(languages && { languages }),
      ...(body.time_zone !== undefined && { time_zone: body.time_zone }),
      translations,
    } as SettingsChanges;
    try {
      await updateSiteSettings(requestContext(ctx, request), actor, input, { everyField: true });
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      const typed = {
        name: textOf(body.name),
        tagline: textOf(body.tagline),
        description: textOf(body.description),
        brandColor: colour,
        languages: textOf(body.languages),
        translations,
        timeZone: textOf(body.time_zone),
      };
      return render(reply, actor, typed, problem.errors, problem.status);
    }
    return redirectAfterPost(reply, '/admin/settings', 'saved');
  });
}
