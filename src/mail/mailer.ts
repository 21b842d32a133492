import nodemailer from 'nodemailer';

/** A plain-text message; Rostrum's mail is links for people to click, never marketing. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Whether SMTP is configured; without it the office shows links for administrators to pass on. */
  readonly enabled: boolean;
  send(mail: Mail): Promise<void>;
}

/** SMTP when ROSTRUM_SMTP_URL is set (smtp:// or smtps://, credentials in the URL); otherwise no mail at all. */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  if (!options.smtpUrl) {
    return {
      enabled: false,
      async send() {
        throw new Error('No mail server is configured (ROSTRUM_SMTP_URL)');
      },
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    enabled: true,
    async send(mail) {
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
