import type { Transporter } from 'nodemailer';
import { signatureHeader } from './signature.ts';

export type ExternalChannel = 'sms' | 'wechat' | 'email';

/** One outbox row on its way out; `id` is the delivery id the gateway dedupes by. */
export interface OutboundMessage {
  id: string;
  channel: ExternalChannel;
  recipient: string;
  subject: string;
  body: string;
}

/** The ways a message leaves the platform. `send` throws on any failure, never pretends. */
export interface ChannelSet {
  send(message: OutboundMessage): Promise<void>;
  configured(channel: ExternalChannel): boolean;
}

export interface GatewayConfig {
  url: string;
  secret: string;
}

export interface ChannelConfig {
  sms?: GatewayConfig | null;
  wechat?: GatewayConfig | null;
  /** `smtp://user:pass@host:587` or `smtps://…`; `from` is MAIL_FROM. */
  email?: { url: string; from: string } | null;
  /** Per call; default 10 s. */
  timeoutMs?: number;
}

/** The delivery fails visibly (status failed, last_error) instead of succeeding silently. */
export class ChannelNotConfigured extends Error {
  constructor(channel: ExternalChannel) {
    super(`channel not configured: ${channel}`);
    this.name = 'ChannelNotConfigured';
  }
}

export const CHANNEL_NOT_CONFIGURED = 'channel not configured';

/** A failure as one short line for `last_error`: fetch hides the reason (refused, DNS, timeout) in `cause`. */
export function errorText(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}

/**
 * POST a signed JSON message to an SMS or WeChat gateway. The body carries the delivery id and
 * so does `X-Renda-Delivery`: a gateway that saw the id before answers 2xx without sending again,
 * which is what makes a retry after a worker crash harmless.
 */
async function postToGateway(gateway: GatewayConfig, message: OutboundMessage, timeoutMs: number): Promise<void> {
  const body = JSON.stringify({ id: message.id, channel: message.channel, to: message.recipient, subject: message.subject, body: message.body });
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Renda/1 (+notify)',
      'x-renda-delivery': message.id,
      'x-renda-channel': message.channel,
      'x-renda-signature': signatureHeader(gateway.secret, body),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  await res.body?.cancel().catch(() => {});
  if (res.status < 200 || res.status > 299) throw new Error(`gateway answered HTTP ${res.status}`);
}

/**
 * The channels of this deployment, from SMS_WEBHOOK_URL/SECRET, WECHAT_WEBHOOK_URL/SECRET,
 * SMTP_URL and MAIL_FROM.
 * @example const channels = await createChannels({ sms: { url, secret } }); await channels.send(message);
 */
export function createChannels(config: ChannelConfig = {}): ChannelSet {
  const timeoutMs = config.timeoutMs ?? 10_000;
  let mailer: Promise<Transporter> | null = null;
  const transport = () => {
    mailer ??= import('nodemailer').then(({ default: nodemailer }) => {
      const url = new URL(config.email!.url);
      for (const [k, v] of Object.entries({ connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs })) {
        if (!url.searchParams.has(k)) url.searchParams.set(k, String(v));
      }
      return nodemailer.createTransport(url.toString()) as Transporter;
    });
    return mailer;
  };
  const configured = (channel: ExternalChannel) => Boolean(channel === 'email' ? config.email : config[channel]);
  return {
    configured,
    async send(message) {
      if (!configured(message.channel)) throw new ChannelNotConfigured(message.channel);
      if (message.channel === 'email') {
        await (await transport()).sendMail({
          from: config.email!.from, to: message.recipient, subject: message.subject || message.body.slice(0, 40), text: message.body,
          // A stable Message-ID: a retried send is recognisably the same mail.
          messageId: `<${message.id}@notify.renda>`, headers: { 'X-Renda-Delivery': message.id },
        });
        return;
      }
      await postToGateway(config[message.channel]!, message, timeoutMs);
    },
  };
}
