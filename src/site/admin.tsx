import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import type { SiteView } from '../views/site.ts';
import { allowOrRefuse, noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { OfficePage, sendOfficePage } from '../office/layout.tsx';
import { ErrorSummary, Field, fieldErrorsOf, PostForm, TextArea, type FieldErrors } from '../office/forms.tsx';
import { getSiteSettings, saveSiteSettings, type SiteSettings } from './store.ts';
import { sitePolicy } from './policies.ts';
import { siteSettingsFields, siteSettingsMaxLengths as maxLengths } from './fields.ts';
import { isBrandColor } from './brand-color.ts';

/** The API's rules for the settings (src/site/fields.ts), every field required since the form sends them all. */
const settingsForm = z.object(siteSettingsFields);

const labels = { name: 'Site name', tagline: 'Tagline', description: 'Description', brand_color: 'Brand colour' };
const notices = { saved: 'Settings saved. Every page now shows them.' };

interface SettingsText {
  name: string;
  tagline: string;
  description: string;
  brandColor: string;
}

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
      <ErrorSummary errors={errors} labels={labels} />
      <PostForm action="/admin/settings" csrf={props.actor.session!.csrfToken} class="office-form">
        <Field name="name" label="Site name" value={values.name} errors={errors} required maxLength={maxLengths.name} hint="In every page’s header and title." />
        <Field name="tagline" label="Tagline" value={values.tagline} errors={errors} maxLength={maxLengths.tagline} hint="A few words under the name." />
        <TextArea name="description" label="Description" value={values.description} errors={errors} rows={3} maxLength={maxLengths.description} hint="What search engines and shared links show." />
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
const asText = (s: SiteSettings): SettingsText => ({ name: s.name, tagline: s.tagline, description: s.description, brandColor: s.brandColor });

/** Site settings in the editorial office: administrators only. */
export async function settingsOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  function administrator(request: FastifyRequest): UserActor {
    const actor = officeActor(request);
    allowOrRefuse(sitePolicy.updateSettings(actor), 'Only administrators change the site settings.');
    return actor;
  }

  const render = async (reply: FastifyReply, actor: UserActor, values: SettingsText, errors: FieldErrors, status: number, notice?: string) =>
    sendOfficePage(reply, <SettingsPage site={await ctx.siteView()} actor={actor} values={values} errors={errors} notice={notice} />, status);

  app.get('/admin/settings', async (request, reply) => {
    const actor = administrator(request);
    return render(reply, actor, asText(await getSiteSettings(ctx.handle)), {}, 200, noticeFrom(request, notices));
  });

  app.post('/admin/settings', async (request, reply) => {
    const actor = administrator(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const saved = await getSiteSettings(ctx.handle);
    const colour = chosenColour(saved.brandColor, textOf(body.brand_color), textOf(body.brand_color_picker));
    const parsed = settingsForm.safeParse({ ...body, brand_color: colour });
    if (!parsed.success) {
      const typed = { name: textOf(body.name), tagline: textOf(body.tagline), description: textOf(body.description), brandColor: colour };
      return render(reply, actor, typed, fieldErrorsOf(parsed.error), 422);
    }
    const next: SiteSettings = { name: parsed.data.name, tagline: parsed.data.tagline, description: parsed.data.description, brandColor: parsed.data.brand_color.toLowerCase() };
    const changed = (Object.keys(next) as Array<keyof SiteSettings>).filter((key) => next[key] !== saved[key]);
    if (changed.length > 0) {
      await saveSiteSettings(ctx.handle, next);
      const words = { name: 'site name', tagline: 'tagline', description: 'description', brandColor: 'brand colour' };
      await ctx.audit(actor, { action: 'settings.update', subject: { kind: 'settings', label: 'Site settings' }, detail: `Changed: ${changed.map((k) => words[k]).join(', ')}` }, request);
      ctx.contentChanged();
    }
    return redirectAfterPost(reply, '/admin/settings', 'saved');
  });
}
